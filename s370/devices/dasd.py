"""CKD direct-access storage devices (2311, 2314, 3330, 3340, 3350, 3375, 3380, 3390).

The device keeps the current track parsed into records and an *orientation*:
which record the heads are at (``pos``; -1 = the home address / index) and
which field was passed last (index, HA, count, key, data).  Commands walk the
track record by record the way the real drive does, so the usual channel
programs work unchanged:

    SEEK; SEARCH ID EQUAL; TIC *-8; READ DATA      (status modifier skips the TIC)

Index point rules (GA26-1592 / GA26-1617): a non-multitrack operation that
reaches the end of the track goes back to the home address; the second index
point in one chain without an intervening data transfer ends with unit check,
sense byte 1 'no record found'.  A multitrack operation (command bit X'80')
goes on to the next head instead, and past the last head of the cylinder
ends with 'end of cylinder'.

Write-type commands that get fewer bytes than the record needs pad with zeros
and report a negative residual (the channel then signals incorrect length).

Extent views (minidisks): ``CKDDevice(devnum, image, extent=(first_cyl, n_cyls),
read_only=True)`` presents cylinders ``first_cyl .. first_cyl+n_cyls-1`` of a real
volume image as cylinders ``0 .. n_cyls-1`` of a device of the same type, the way
CP confines a minidisk to its extent.  A seek beyond the view is a command
reject, as a seek beyond the real drive is; a read-only view fails every write
with unit check, sense byte 1 'file protected'; Sense ID is that of the drive
type.  Views share the image object and never close it (the creator does, or
passes ``owns_image=True``); views with disjoint extents never touch each
other's tracks.  Record contents (count fields, keys, data) are not translated:
a minidisk formatted by its user carries its own cylinder numbers, as on
VM/370; the home address is presented in the view's cylinder numbers, and
written to the image in real ones.

A changed track goes back to the image as a whole (CKD: one slot write; CCKD:
new image, then tables) when the channel program ends or the heads leave the
track, so a crash never leaves half a track in the image.
"""

from __future__ import annotations

from media.ckd import geometry as geo
from media.ckd.errors import DasdError
from media.ckd.image import open_image
from media.ckd.track import Record, build_track, parse_track

from .base import (SENSE_CMDREJ, SENSE_EQUIPCK, SENSE_INTREQ, UNIT_CE, UNIT_DE, UNIT_SM,
                   UNIT_UC, UNIT_UX, Device, Result)

# --- CCW command codes (multitrack = | CMD_MT) -----------------------------------------
CMD_MT = 0x80
CMD_READ_IPL = 0x02
CMD_NOP = 0x03
CMD_SENSE = 0x04
CMD_WRITE_DATA = 0x05
CMD_READ_DATA = 0x06
CMD_SEEK = 0x07
CMD_SEEK_CYL = 0x0B
CMD_WRITE_KEY_DATA = 0x0D
CMD_READ_KEY_DATA = 0x0E
CMD_SPACE_COUNT = 0x0F
CMD_ERASE = 0x11
CMD_READ_COUNT = 0x12
CMD_RECALIBRATE = 0x13
CMD_UNCOND_RESERVE = 0x14
CMD_WRITE_R0 = 0x15
CMD_READ_R0 = 0x16
CMD_WRITE_HA = 0x19
CMD_READ_HA = 0x1A
CMD_SEEK_HEAD = 0x1B
CMD_WRITE_CKD = 0x1D
CMD_READ_CKD = 0x1E
CMD_SET_FILE_MASK = 0x1F
CMD_READ_SECTOR = 0x22
CMD_SET_SECTOR = 0x23
CMD_SEARCH_KEY_EQ = 0x29
CMD_SEARCH_ID_EQ = 0x31
CMD_SEARCH_HA_EQ = 0x39
CMD_SEARCH_KEY_HI = 0x49
CMD_SEARCH_ID_HI = 0x51
CMD_READ_MULTIPLE_CKD = 0x5E
CMD_SEARCH_KEY_HE = 0x69
CMD_SEARCH_ID_HE = 0x71
CMD_RELEASE = 0x94
CMD_RESERVE = 0xB4
CMD_SENSE_ID = 0xE4

# --- file mask (set file mask byte) ------------------------------------------------------
MASK_WRITE = 0xC0
MASK_INHIBIT_HA_R0 = 0x00        # default: no Write HA / Write R0
MASK_INHIBIT_WRITE = 0x40        # no writes at all
MASK_UPDATE_ONLY = 0x80          # Write Data / Write Key and Data only
MASK_ALLOW_ALL = 0xC0
MASK_RESERVED = 0x20
MASK_SEEK = 0x18
MASK_SEEK_ALL = 0x00             # Seek, Seek Cylinder, Seek Head, Recalibrate
MASK_SEEK_CYL_HEAD = 0x08        # Seek Cylinder, Seek Head
MASK_SEEK_HEAD = 0x10            # Seek Head only
MASK_SEEK_NONE = 0x18            # no seeks, no multitrack

# --- sense byte 1 -------------------------------------------------------------------------
SENSE1_PERM = 0x80               # permanent error
SENSE1_ITF = 0x40                # invalid track format
SENSE1_EOC = 0x20                # end of cylinder
SENSE1_NRF = 0x08                # no record found
SENSE1_FP = 0x04                 # file protected

# --- orientation ---------------------------------------------------------------------------
ORIENT_INDEX = 0                 # before the home address (after seek / index point)
ORIENT_HA = 1                    # home address just passed
ORIENT_COUNT = 2
ORIENT_KEY = 3
ORIENT_DATA = 4

_SEARCH_ID = {CMD_SEARCH_ID_EQ: "eq", CMD_SEARCH_ID_HI: "hi", CMD_SEARCH_ID_HE: "he"}
_SEARCH_KEY = {CMD_SEARCH_KEY_EQ: "eq", CMD_SEARCH_KEY_HI: "hi", CMD_SEARCH_KEY_HE: "he"}


class _Check(Exception):
    """Ends the current command with unit check (sense already set)."""


class CKDDevice(Device):
    """A CKD drive with a Hercules CKD/CCKD image mounted."""

    def __init__(self, devnum: int, image=None, devtype: int | None = None,
                 fakewrite: bool = False, *, extent: tuple[int, int] | None = None,
                 read_only: bool = False, owns_image: bool | None = None):
        """extent=(first_cyl, n_cyls): a view of that cylinder range (see the module
        docstring); read_only: every write is file protected; owns_image: close() also
        closes the image (default: yes for a whole volume, no for a view)."""
        g = image.geometry if image is not None else geo.for_devtype(devtype or 0x3330)
        super().__init__(devnum=devnum, devtype=g.devtype, model=g.model)
        self.image = image
        self.geometry = g
        self.cyls = image.cyls if image is not None else g.cyls
        self.first_cyl = 0
        if extent is not None:
            first, n = extent
            if first < 0 or n < 1 or first + n > self.cyls:
                raise DasdError(f"{devnum:04X}: extent of {n} cylinders at cylinder {first} "
                                f"is outside the {self.cyls}-cylinder volume")
            self.first_cyl, self.cyls = first, n
        self.extent = extent
        self.read_only = read_only
        self.owns_image = extent is None if owns_image is None else owns_image
        self.heads = g.heads
        self.fakewrite = fakewrite
        self._overlay: dict[int, bytes] = {}
        self.sense = bytearray(g.sense_len)
        self.last_error = ""
        self.cyl = 0
        self.head = 0
        self.recs: list[Record] = []
        self._loaded = -1
        self._dirty = False
        self.pos = -1
        self.orient = ORIENT_INDEX
        self._reset_chain_state()

    # --- configuration ---------------------------------------------------------------
    @classmethod
    def from_config(cls, devnum: int, devtype: str, args: list[str], host=None) -> "CKDDevice":
        """Hercules device statement: ``devnum devtype filename [ro] [fakewrite] ...``."""
        if not args:
            raise DasdError(f"{devnum:04X}: no DASD image file named")
        path = args[0]
        opts = {a.lower() for a in args[1:]}
        readonly = bool(opts & {"ro", "readonly"})
        fake = "fakewrite" in opts
        image = open_image(path, readonly=readonly or fake)
        want = devtype.split("-")[0]
        if want.isdigit() and int(want, 16) != image.geometry.devtype:
            image.close()
            raise DasdError(f"{devnum:04X}: {path} is a {image.geometry.devtype:04X} volume, "
                            f"not a {want}")
        return cls(devnum, image, fakewrite=fake)

    def describe(self) -> str:
        name = self.image.path if self.image is not None else "(no image)"
        view = (f" cyls {self.first_cyl}-{self.first_cyl + self.cyls - 1}"
                if self.extent is not None else "")
        ro = " R/O" if self.read_only else ""
        return f"{self.devnum:04X} {self.devtype:04X} {name}{view} [{self.cyls} cyls]{ro}"

    def sense_id(self) -> bytes:
        cu = self.geometry.control_unit
        return bytes([0xFF, cu.cutype >> 8, cu.cutype & 0xFF, cu.cumodel,
                      self.devtype >> 8, self.devtype & 0xFF, self.model])

    def ready(self) -> bool:
        return self.image is not None

    def close(self) -> None:
        if self.image is not None:
            self._write_back()
            if self.owns_image:
                self.image.close()
            self.image = None

    # --- channel interface ------------------------------------------------------------
    def _reset_chain_state(self) -> None:
        self.file_mask = MASK_INHIBIT_HA_R0 | MASK_SEEK_ALL
        self.mask_set = False
        self.index_passed = False
        self.prev_cmd = None
        self.searched = None          # ("id"|"key"|"ha", pos) of a search equal that was met

    def chain_begin(self) -> None:
        self._reset_chain_state()
        self.pos = -1
        self.orient = ORIENT_INDEX

    def chain_end(self) -> None:
        self._reset_chain_state()
        self._write_back()

    def reset(self) -> None:
        self._write_back()
        self.sense = bytearray(len(self.sense))
        self._reset_chain_state()

    def execute(self, cmd: int, data: bytes | None, count: int) -> Result:
        searched = self.searched
        self.searched = None
        try:
            if self.image is None and cmd not in (CMD_SENSE, CMD_SENSE_ID, CMD_NOP):
                self._fail(SENSE_INTREQ)
            result = self._dispatch(cmd, data or b"", count, searched)
        except _Check:
            result = Result(UNIT_CE | UNIT_DE | UNIT_UC)
        self.prev_cmd = cmd
        return result

    # --- sense ---------------------------------------------------------------------------
    def _fail(self, sense0: int, sense1: int = 0, message: str = "") -> None:
        s = bytearray(len(self.sense))
        s[0], s[1] = sense0, sense1
        if len(s) >= 24:
            s[4] = self.devnum & 0x07                       # physical drive
            s[5] = self.cyl & 0xFF                          # cylinder (low)
            s[6] = ((self.cyl >> 8) & 0x0F) << 4 | (self.head & 0x0F)   # cyl (high), head
        self.sense = s
        if message:
            self.last_error = message
        raise _Check()

    def _reject(self) -> None:
        self._fail(SENSE_CMDREJ)

    # --- track access ---------------------------------------------------------------------
    @property
    def track(self) -> int:
        return self.cyl * self.heads + self.head

    def _load(self) -> None:
        trk = self.track
        if self._loaded == trk:
            return
        if not self._write_back():
            self._fail(SENSE_EQUIPCK, SENSE1_PERM)
        try:
            real = self._real_track(trk)
            raw = self._overlay.get(real) or self.image.read_track(real)
            _c, _h, recs = parse_track(raw, real)
        except DasdError as e:
            self._loaded = -1
            self._fail(SENSE_EQUIPCK, SENSE1_ITF, str(e))
        self.recs = recs
        self._loaded = trk

    def _real_track(self, trk: int) -> int:
        """Track number in the image of the view's track ``trk``."""
        return self.first_cyl * self.heads + trk

    def _store(self) -> None:
        """Note that the current track changed; it goes to the image as a whole track
        when the channel program ends or the heads move to another track."""
        self._dirty = True

    def _write_back(self) -> bool:
        """Write the changed track to the image.  False (and last_error) if that failed."""
        if not self._dirty:
            return True
        self._dirty = False
        trk = self._real_track(self._loaded)
        cyl, head = divmod(trk, self.heads)
        img = build_track(cyl, head, self.recs)
        if self.fakewrite:
            self._overlay[trk] = img
            return True
        try:
            self.image.write_track(trk, img)
        except DasdError as e:
            self._loaded = -1
            self.last_error = str(e)
            return False
        return True

    def _position(self, cyl: int, head: int) -> None:
        self.cyl, self.head = cyl, head
        self.pos = -1
        self.orient = ORIENT_INDEX
        self._load()

    def _advance_head(self) -> None:
        """Multitrack: go on to the next head of the cylinder."""
        if self.file_mask & MASK_SEEK == MASK_SEEK_NONE:
            self._fail(0, SENSE1_FP)
        if self.head + 1 >= self.heads:
            self._fail(0, SENSE1_EOC)
        self._position(self.cyl, self.head + 1)

    def _index_point(self, cmd: int) -> None:
        """The heads reach the index point while cmd is looking for a field."""
        if cmd & CMD_MT:
            self._advance_head()
            return
        if self.index_passed:
            self._fail(0, SENSE1_NRF)
        self.index_passed = True
        self.pos = -1
        self.orient = ORIENT_INDEX

    def _next_count(self, cmd: int, skip_r0: bool) -> Record:
        self._load()
        while True:
            nxt = self.pos + 1
            if nxt >= len(self.recs):
                self._index_point(cmd)
                continue
            self.pos, self.orient = nxt, ORIENT_COUNT
            if skip_r0 and nxt == 0:
                continue
            return self.recs[nxt]

    def _to_home_address(self, cmd: int) -> None:
        """Position just after the home address (passing the index point if needed)."""
        self._load()
        if self.orient != ORIENT_INDEX:
            self._index_point(cmd)
        self.pos, self.orient = -1, ORIENT_HA

    def _current_or_next(self, cmd: int, orients) -> Record:
        if self.pos >= 0 and self.orient in orients:
            return self.recs[self.pos]
        return self._next_count(cmd, skip_r0=True)

    # --- file mask ----------------------------------------------------------------------
    def _check_seek(self, cmd: int) -> None:
        allowed = {CMD_SEEK: (MASK_SEEK_ALL,), CMD_RECALIBRATE: (MASK_SEEK_ALL,),
                   CMD_SEEK_CYL: (MASK_SEEK_ALL, MASK_SEEK_CYL_HEAD),
                   CMD_SEEK_HEAD: (MASK_SEEK_ALL, MASK_SEEK_CYL_HEAD, MASK_SEEK_HEAD)}[cmd]
        if self.file_mask & MASK_SEEK not in allowed:
            self._fail(0, SENSE1_FP)

    def _check_write(self, format_write: bool, ha_r0: bool = False) -> None:
        if self.image is not None and self.image.readonly and not self.fakewrite:
            self._fail(0, SENSE1_FP, "volume is read-only")
        if self.read_only:
            self._fail(0, SENSE1_FP, "read-only extent")
        w = self.file_mask & MASK_WRITE
        if w == MASK_INHIBIT_WRITE:
            self._fail(0, SENSE1_FP)
        if format_write and w == MASK_UPDATE_ONLY:
            self._fail(0, SENSE1_FP)
        if ha_r0 and w != MASK_ALLOW_ALL:
            self._fail(0, SENSE1_FP)

    # --- command dispatch ---------------------------------------------------------------
    def _dispatch(self, cmd: int, data: bytes, count: int, searched) -> Result:
        base = cmd & 0x7F
        mt_capable = base in (CMD_READ_DATA, CMD_READ_KEY_DATA, CMD_READ_CKD, CMD_READ_COUNT,
                              CMD_READ_R0, CMD_READ_HA, CMD_SEARCH_ID_EQ, CMD_SEARCH_ID_HI,
                              CMD_SEARCH_ID_HE, CMD_SEARCH_KEY_EQ, CMD_SEARCH_KEY_HI,
                              CMD_SEARCH_KEY_HE, CMD_SEARCH_HA_EQ)
        if cmd & CMD_MT and not mt_capable and cmd not in (CMD_RELEASE, CMD_RESERVE,
                                                           CMD_SENSE_ID):
            self._reject()
        # A file mask of "no seeks, no head switching" does not reject a multitrack command
        # up front: only the head switch itself is forbidden (_advance_head), so an MT read
        # or search satisfied on the current track works (GA26-1592; Hercules mt_advance).

        if cmd == CMD_NOP:
            self.index_passed = False
            return Result()
        if cmd == CMD_SENSE:
            self.index_passed = False
            return self.basic_sense(count)
        if cmd == CMD_SENSE_ID:
            return Result(data=self.sense_id())
        if cmd in (CMD_RESERVE, CMD_RELEASE, CMD_UNCOND_RESERVE):
            return self.basic_sense(count)
        if cmd in (CMD_SEEK, CMD_SEEK_CYL, CMD_SEEK_HEAD):
            return self._seek(cmd, data, count)
        if cmd == CMD_RECALIBRATE:
            self._check_seek(cmd)
            self._position(0, 0)
            self.index_passed = False
            return Result()
        if cmd == CMD_SET_FILE_MASK:
            if count < 1 or self.mask_set or data[0] & MASK_RESERVED:
                self._reject()
            self.file_mask, self.mask_set = data[0], True
            return Result(residual=count - 1)
        if cmd == CMD_SET_SECTOR:
            if count < 1 or not self.geometry.sectors:
                self._reject()
            if data[0] != 0xFF and data[0] >= self.geometry.sectors:
                self._reject()
            self.index_passed = False
            return Result(residual=count - 1)
        if cmd == CMD_READ_SECTOR:
            if not self.geometry.sectors:
                self._reject()
            return Result(data=bytes([self._sector()]))
        if base in _SEARCH_ID:
            return self._search_id(cmd, _SEARCH_ID[base], data, count)
        if base in _SEARCH_KEY:
            return self._search_key(cmd, _SEARCH_KEY[base], data, count)
        if base == CMD_SEARCH_HA_EQ:
            return self._search_ha(cmd, data, count)
        if base == CMD_READ_HA:
            self._to_home_address(cmd)
            self.index_passed = False
            return Result(data=bytes([0, self.cyl >> 8, self.cyl & 0xFF,
                                      self.head >> 8, self.head & 0xFF]))
        if base == CMD_READ_R0:
            return self._read_r0(cmd)
        if base == CMD_READ_COUNT:
            rec = self._next_count(cmd, skip_r0=True)
            return Result(data=rec.count)
        if base == CMD_READ_DATA:
            rec = self._current_or_next(cmd, (ORIENT_COUNT, ORIENT_KEY))
            return self._data_result(rec, rec.data)
        if base == CMD_READ_KEY_DATA:
            rec = self._current_or_next(cmd, (ORIENT_COUNT,))
            return self._data_result(rec, rec.key + rec.data)
        if base == CMD_READ_CKD:
            rec = self._next_count(cmd, skip_r0=True)
            return self._data_result(rec, rec.image())
        if cmd == CMD_READ_MULTIPLE_CKD:
            return self._read_multiple()
        if cmd == CMD_READ_IPL:
            self._position(0, 0)
            self.index_passed = False
            rec = self._next_count(cmd, skip_r0=True)
            return self._data_result(rec, rec.data)
        if cmd == CMD_SPACE_COUNT:
            if count < 3:
                self._reject()
            self._next_count(cmd, skip_r0=True)
            return Result(residual=count - 3)
        if cmd == CMD_WRITE_DATA:
            return self._write_data(data, count, searched, with_key=False)
        if cmd == CMD_WRITE_KEY_DATA:
            return self._write_data(data, count, searched, with_key=True)
        if cmd == CMD_WRITE_CKD:
            return self._write_ckd(data, count, searched, erase=False)
        if cmd == CMD_ERASE:
            return self._write_ckd(data, count, searched, erase=True)
        if cmd == CMD_WRITE_R0:
            return self._write_r0(data, count, searched)
        if cmd == CMD_WRITE_HA:
            return self._write_ha(data, count)
        self._reject()

    # --- positioning commands ------------------------------------------------------------
    def _seek(self, cmd: int, data: bytes, count: int) -> Result:
        if count < 6 or len(data) < 6:
            self._reject()
        self._check_seek(cmd)
        bb = data[0] << 8 | data[1]
        cyl = data[2] << 8 | data[3]
        head = data[4] << 8 | data[5]
        if cmd == CMD_SEEK_HEAD:
            cyl = self.cyl
        if bb != 0 or cyl >= self.cyls or head >= self.heads:
            self._reject()
        self._position(cyl, head)
        self.index_passed = False
        return Result(residual=count - 6)

    def _sector(self) -> int:
        """Angular position of the heads, from the bytes already passed on the track."""
        done = geo.TRKHDR_SIZE + sum(8 + r.kl + r.dl for r in self.recs[:self.pos + 1])
        return min(self.geometry.sectors - 1,
                   done * self.geometry.sectors // max(1, self.image.trksize))

    # --- searches --------------------------------------------------------------------------
    @staticmethod
    def _met(kind: str, disk: bytes, arg: bytes) -> bool:
        if kind == "eq":
            return disk == arg
        if kind == "hi":
            return disk > arg
        return disk >= arg

    def _search_id(self, cmd: int, kind: str, data: bytes, count: int) -> Result:
        rec = self._next_count(cmd, skip_r0=False)
        n = min(count, 5, len(data))
        met = self._met(kind, rec.count[:n], bytes(data[:n]))
        if met and kind == "eq":
            self.searched = ("id", self.pos)
        return Result(UNIT_CE | UNIT_DE | (UNIT_SM if met else 0), residual=count - 5)

    def _search_key(self, cmd: int, kind: str, data: bytes, count: int) -> Result:
        rec = self._next_count(cmd, skip_r0=True)
        if rec.kl == 0:
            return Result(residual=count)
        self.orient = ORIENT_KEY
        n = min(count, rec.kl, len(data))
        met = self._met(kind, rec.key[:n], bytes(data[:n]))
        if met and kind == "eq":
            self.searched = ("key", self.pos)
        return Result(UNIT_CE | UNIT_DE | (UNIT_SM if met else 0), residual=count - rec.kl)

    def _search_ha(self, cmd: int, data: bytes, count: int) -> Result:
        self._to_home_address(cmd)
        n = min(count, 4, len(data))
        ha = bytes([self.cyl >> 8, self.cyl & 0xFF, self.head >> 8, self.head & 0xFF])
        met = ha[:n] == bytes(data[:n])
        if met:
            self.searched = ("ha", -1)
        return Result(UNIT_CE | UNIT_DE | (UNIT_SM if met else 0), residual=count - 4)

    # --- reads -------------------------------------------------------------------------------
    def _data_result(self, rec: Record, payload: bytes) -> Result:
        self.orient = ORIENT_DATA
        self.index_passed = False
        status = UNIT_CE | UNIT_DE | (UNIT_UX if rec.dl == 0 else 0)
        return Result(status, data=payload)

    def _read_r0(self, cmd: int) -> Result:
        self._to_home_address(cmd)
        if not self.recs:
            self._fail(0, SENSE1_NRF)
        rec = self.recs[0]
        self.pos, self.orient = 0, ORIENT_DATA
        self.index_passed = False
        return Result(data=rec.image())

    def _read_multiple(self) -> Result:
        self._load()
        start = max(self.pos + 1, 1)          # the rest of the track, never R0
        out = b"".join(r.image() for r in self.recs[start:])
        self.pos, self.orient = len(self.recs) - 1, ORIENT_DATA
        self.index_passed = False
        return Result(data=out)

    # --- writes ------------------------------------------------------------------------------
    def _write_data(self, data: bytes, count: int, searched, with_key: bool) -> Result:
        self._check_write(format_write=False)
        ok_kinds = ("id",) if with_key else ("id", "key")
        if searched is None or searched[0] not in ok_kinds or searched[1] != self.pos:
            self._reject()
        rec = self.recs[self.pos]
        if self.pos == 0:
            self._check_write(format_write=False, ha_r0=True)
        need = (rec.kl if with_key else 0) + rec.dl
        buf = bytes(data[:need]).ljust(need, b"\x00")
        if with_key:
            rec.key, rec.data = buf[:rec.kl], buf[rec.kl:]
        else:
            rec.data = buf
        self._store()
        self.orient = ORIENT_DATA
        self.index_passed = False
        return Result(residual=count - need)

    def _formatting_allowed(self, searched) -> bool:
        if searched is not None and searched[0] in ("id", "key") and searched[1] == self.pos:
            return True
        return (self.prev_cmd in (CMD_WRITE_R0, CMD_WRITE_CKD)
                or (self.prev_cmd is not None
                    and self.prev_cmd & 0x7F in (CMD_READ_DATA, CMD_READ_KEY_DATA,
                                                 CMD_READ_CKD, CMD_READ_R0)
                    and self.orient == ORIENT_DATA and self.pos >= 0))

    def _write_ckd(self, data: bytes, count: int, searched, erase: bool) -> Result:
        self._check_write(format_write=True)
        if count < 8 or len(data) < 8:
            self._reject()
        if not self._formatting_allowed(searched):
            self._reject()
        c, h, r, kl, dl = (data[0] << 8 | data[1], data[2] << 8 | data[3], data[4],
                           data[5], data[6] << 8 | data[7])
        need = 8 + kl + dl
        keep = self.recs[:self.pos + 1]
        if erase:
            self.recs = keep
        else:
            body = bytes(data[8:need]).ljust(kl + dl, b"\x00")
            new = Record(c, h, r, body[:kl], body[kl:])
            sizes = [(x.kl, x.dl) for x in keep[1:]] + [(kl, dl)]
            if not self.geometry.records_fit(sizes):
                self._fail(0, SENSE1_ITF, "record does not fit on the track")
            self.recs = keep + [new]
            self.pos = len(self.recs) - 1
        self._store()
        self.orient = ORIENT_DATA
        self.index_passed = False
        return Result(residual=count - need)

    def _write_r0(self, data: bytes, count: int, searched) -> Result:
        self._check_write(format_write=True, ha_r0=True)
        if count < 8 or len(data) < 8:
            self._reject()
        after_ha = (searched is not None and searched[0] == "ha") or \
            self.prev_cmd in (CMD_WRITE_HA, CMD_READ_HA, CMD_READ_HA | CMD_MT)
        if not after_ha or self.orient != ORIENT_HA:
            self._reject()
        c, h, r, kl, dl = (data[0] << 8 | data[1], data[2] << 8 | data[3], data[4],
                           data[5], data[6] << 8 | data[7])
        need = 8 + kl + dl
        body = bytes(data[8:need]).ljust(kl + dl, b"\x00")
        self.recs = [Record(c, h, r, body[:kl], body[kl:])]
        self.pos, self.orient = 0, ORIENT_DATA
        self._store()
        self.index_passed = False
        return Result(residual=count - need)

    def _write_ha(self, data: bytes, count: int) -> Result:
        self._check_write(format_write=True, ha_r0=True)
        if count < 5 or len(data) < 5:
            self._reject()
        self._load()
        self.recs = []
        self.pos, self.orient = -1, ORIENT_HA
        self._store()
        self.index_passed = False
        return Result(residual=count - 5)
