import asyncio

from scoring.live.fanout import BACKLOG, Fanout


def test_healthy_sockets_get_every_delta_in_order_without_waiting():
    async def run():
        got, sent = [], []

        async def send(message):
            got.append(message["text"])

        fanout = Fanout(on_written=lambda _f, text: sent.append(text))
        fanout.add(1, send)
        for i in range(3):
            fanout.publish(1, f"d{i}")
        return got, sent

    got, sent = asyncio.run(run())
    assert got == sent == ["d0", "d1", "d2"]


def test_a_slow_socket_gets_its_deltas_in_order_once_it_drains_and_does_not_hold_others_up():
    async def run():
        gate = asyncio.Event()
        slow, fast = [], []

        async def slow_send(message):
            await gate.wait()
            slow.append(message["text"])

        async def fast_send(message):
            fast.append(message["text"])

        fanout = Fanout()
        fanout.add(1, slow_send)
        fanout.add(1, fast_send)
        for i in range(3):
            fanout.publish(1, f"d{i}")
        assert fast == ["d0", "d1", "d2"] and slow == []
        gate.set()
        for _ in range(10):
            await asyncio.sleep(0)
        return slow

    assert asyncio.run(run()) == ["d0", "d1", "d2"]


def test_a_socket_too_far_behind_loses_its_backlog_and_will_see_a_gap():
    async def run():
        gate = asyncio.Event()
        slow = []

        async def slow_send(message):
            await gate.wait()
            slow.append(message["text"])

        fanout = Fanout()
        fanout.add(1, slow_send)
        for i in range(BACKLOG + 2):
            fanout.publish(1, f"d{i}")
        gate.set()
        for _ in range(10):
            await asyncio.sleep(0)
        return slow

    slow = asyncio.run(run())
    assert slow[0] == "d0" and len(slow) < BACKLOG + 2


def test_a_dead_socket_is_dropped_and_others_still_get_the_delta():
    async def run():
        got = []

        async def dead(message):
            raise ConnectionResetError("gone")

        async def alive(message):
            got.append(message["text"])

        fanout = Fanout()
        outlet = fanout.add(1, dead)
        fanout.add(1, alive)
        fanout.publish(1, "d0")
        fanout.publish(1, "d1")
        return outlet.closed, got

    closed, got = asyncio.run(run())
    assert closed and got == ["d0", "d1"]
