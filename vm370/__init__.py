"""The assembled VM/370 system: the ``vm370`` command.

It sits above cp/ and cms/ (it builds CMS disks for the first start), beside
lessons/.  Modules: cli (the command), run (one run, start to SHUTDOWN),
firststart (the default system), config (SYSTEM.CONF), state (STATE, log,
accounting), control (the control socket), automation (its client API),
core (compiling/loading the CPU core), progress (the progress line),
bench (start-up time).
"""
