"""Judge keypads over serial/USB: protocol codec, serial transport, bridge to the server, simulator.

Pure cores: ``protocol`` (frames), ``lines`` (text keypads), ``keymap``, ``link`` (lifecycle),
``intake`` (bytes -> presses and states). Edges: ``transport`` (pyserial), ``local`` (read ports in
this process), ``outbox`` (durable SQLite queue), ``bridge`` (websocket client), ``simulator``/
``simscript`` (pty keypads), ``cli`` (``arena devices ...``). See docs/device-protocol.md.
"""
