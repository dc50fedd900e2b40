from contracts.demo import load_demo_contracts


def test_demo_creates_the_ca_and_a_sent_contract_for_the_demo_users(arena, settings):
    async def run():
        async with arena.app.state.db_factory() as session:
            return await load_demo_contracts(settings, session, arena.app.state.clock)

    contract_id = arena.run(run)
    assert (settings.data_dir / "ca" / "root.crt").exists()
    shown = arena.ok(arena.get(f"/api/contracts/{contract_id}", role="athlete"))
    assert shown["state"] == "sent" and shown["next_field"] == "Sig1_athlete"
