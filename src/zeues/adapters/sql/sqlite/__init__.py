"""SQLite's fast path, all of it, behind the same write port (`Store`, `WriteTx`) and command
lane (`CommandLane`) as PostgreSQL. bootstrap.py picks it for a sqlite:// URL.

What it guarantees:
- One writer at a time, across threads and processes (`zeues serve --workers N`): writers
  queue on a lock in the kernel, woken the moment it is free (writelock.py), and every write
  transaction begins IMMEDIATE, so no transaction fails on a read-to-write lock upgrade
  (engine.py).
- A command whose writer's turn is free at once runs on the event loop's thread, with no
  thread hand-off; else on the one command thread, which waits its turn (lane.py). On the
  loop it never waits: a database locked by another program answers 503 after 100 ms.
- A command's three statements (read spool and worker, conditional update, audit insert) run
  on the driver's cursor with values stored exactly as SQLAlchemy stores them; everything
  else goes through SQLAlchemy (cursor_tx.py). tests/integration/sqlite/ checks the values
  both ways round, the turn, the fallback and the checkpoints.
- WAL checkpoints never run on the committing thread (checkpoints.py).
- Same answers, same audit rows, same errors as the PostgreSQL store: the API tests run on
  both."""
