"""CP's spool: the files virtual punches, printers and consoles write and virtual readers read.

One ``Spool`` per running CP (``system.spool = Spool(directory_path)``).  A spool
file has a spoolid (0001-9900, assigned when the file is opened, wrapping, unique
among the files that exist), an owner (whose queue holds it), the originating
userid and device type (PRT, PUN or CON), the queue it is on (RDR: a user's
virtual reader; PRT / PUN: the printer or punch queue, from which the real printer
or punch takes it), a class, copies, user and system hold, creation date and
time, name, type, distribution code and tag.  Queue order is the ``seq`` number
(ORDER gives a file a number below every other one).

Records
-------
A spool file is a sequence of records, each the CCW that wrote it: the command
code (carriage control of a printer line, stacker of a card) and its data.  A
control CCW without data (a printer skip to channel 1) is a record with no data;
``records`` (the RECDS count QUERY shows) counts only records that carry data.

On disk (the spool directory)
-----------------------------
* ``NNNN.data``: the records, each ``op`` (1 byte), ``length`` (2 bytes,
  big-endian), then ``length`` data bytes; nothing else.
* ``NNNN.meta``: the attributes, one JSON object (``SpoolFile.to_meta``).
* ``NEXTID``: the next spoolid to try, decimal text.
* ``NNNN.open``: the records of a file still open on a virtual device.

A file exists once its ``.meta`` exists: CLOSE writes and fsyncs ``.open``,
renames it to ``.data``, then writes ``.meta`` under a temporary name, fsyncs
it, renames it into place and fsyncs the directory.  Every later change of the
attributes (CHANGE, ORDER, TRANSFER, hold) rewrites ``.meta`` the same way.
A crash therefore loses nothing that was closed; an open file is not recovered:
``Spool(path)`` (warm start) deletes ``.open`` files and ``.data`` without
``.meta``, reloads every closed file and the next spoolid.

Reading a file's records (for DIAGNOSE X'14', h-diag)
----------------------------------------------------
* ``spool.get(spoolid) -> SpoolFile | None``; ``spool.list(userid, 'RDR')``
  lists a user's reader queue in reading order; ``spool.reader_next(userid,
  spool_class)`` is the file a virtual reader of that class would read next
  (held and in-use files are skipped).
* ``f.read_records() -> list[Record]`` (``Record(op, data)``, every record,
  control records included); ``f.data_records()`` only those with data;
  ``f.record(n)`` the n-th (0-based) of all records.
* ``f.pages() -> list[bytes]``: the file as 4096-byte spool buffers, the unit
  DIAG X'14' subcode 0 moves.  Layout (VM/370's own SPLINK/record format is
  unverified, see ../shared/spec/diagnose.md; this one keeps its shape):
  bytes 0-3 the number of the next page (1-based, 0 = last page), 4-7 the number
  of the previous page (0 = first), 8-11 the number of records in this page,
  12-15 the spoolid; then the records, each an 8-byte CCW image
  (op, 3 zero bytes, flags 0, 0, count 2 bytes) followed by its ``count``
  data bytes; a record never spans two pages; a zero op byte (or the page end)
  ends the page's records.
* ``spool.purge(spoolid)`` when the program has finished with the file
  (reader NOHOLD), ``spool.order([spoolid])`` for subcode X'0C' (select: the
  file goes to the head of its queue).
* The virtual reader keeps the position, so DIAG X'14' on a reader vaddr and
  the reader's CCWs share one active file (``cp.vdev.spooldev.VirtualReader``):
  ``reader.next_page() -> bytes | None`` (subcode 0: None with ``reader.active``
  None = no file, cc 2; None with a file still active = end of file, cc 1, the
  file stays active until CLOSE, ``reader.close_file(hold=...)``; with CONT
  the next file follows), ``reader.restart_file() -> bool`` (subcode X'14'),
  ``reader.active`` (the SpoolFile being read, for X'0FFF' descriptors).
  ``Spool`` itself answers cp.diag.spoolfile's ``Diag14Spool`` protocol
  (``read_page``, ``next_block``, ``select``, ``repeat``, ``restart``,
  ``descriptor``; cp/spool/diag14.py, with its file block layout).

Real unit-record devices (cp/spool/realdev.py)
----------------------------------------------
``cp.spool.realdev.install(system, [(raddr, type, host_path), ...])`` gives a
started system its real printers, punches and readers (``system.spool_devices``);
printers and punches drain the PRT / PUN queues to host files by a worker thread
woken through ``spool.on_output``; class D START / DRAIN / DEVINIT
(cp.commands.spoolcmds) drive them.  ``python -m cp.spool.bench`` measures the
spool's throughput.
"""

from .model import Record, SpoolError, SpoolFile, QUEUES, DEVTYPES, PAGE_SIZE
from .store import OutputOptions, Spool, SpoolFileWriter

__all__ = ["Spool", "OutputOptions", "SpoolFile", "SpoolFileWriter", "SpoolError", "Record", "QUEUES", "DEVTYPES",
           "PAGE_SIZE"]
