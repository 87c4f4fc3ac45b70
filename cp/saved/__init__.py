"""Named saved systems and saved segments: SAVESYS, IPL by name, the segments of DIAG X'64'.

    import cp.saved
    saved = cp.saved.install(system, table_path, store_dir)   # at CP start
    # system.saved          this SavedSystems
    # system.segments       the saved segments (VSYSADR=IGNORE) for cp.diag.segments
    # system.ipl(user, "CMS")  -> loads the saved pages, starts the saved PSW

The table (cp.saved.table) says what may be saved: a NAMESYS entry per name, as VM/370's
DMKSNT.  ``SAVESYS name`` (class E; CMS issues it through DIAG X'08' when IPLed with
``PARM SAVESYS name``) writes the VM's pages named by SYSPGNM, its PSW and registers to the
page store (cp.saved.store).  ``IPL name`` gives the user a fresh machine: the saved pages
at their addresses, the saved keys, registers and PSW; VSYSADR becomes the IPL device (in
bytes 2-3 of location 0 as a BC-mode IPL leaves it, where CMS takes NUCON IPLADDR from).

Sharing.  Every guest's storage is its own array here, so each user gets a copy of the
saved pages (the image is read from the host file once and kept, one copy for all users):
one user's store can never be seen by another.  The pages of SYSHRSG segments are still
*protected* as VM/370 protected them: CP does not let a user go on with an altered shared
page unnoticed.  Their change bits are cleared when they are loaded and checked each time
the guest hands CP control with a DIAGNOSE; a changed shared page stops the machine with
DMKVMA456W (CP ENTERED; name SHARED PAGE hexloc ALTERED), tells the operator (DMKVMA181E),
and the user keeps the altered copy as a private one (no more checks).  Texts follow VM/SP's
messages of those numbers (unverified for R6).  Segments loaded shared by DIAG X'64' get
the same protection.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping

from s370.cpu import layout as L

from .store import PAGE, PageStore, SavedImage, StoreError
from .table import NameSys, SavedTableError, load as load_table, parse as parse_table

BLOCKS_PER_PAGE = PAGE >> L.BLOCK_SHIFT
NOT_EXIST = 44                   # DMKCFG044E SYSTEM name DOES NOT EXIST
EXCEEDS_STORAGE = 160            # DMKCDB160E HEXLOC hexloc EXCEEDS STORAGE
SHARED_ALTERED_OPERATOR = 181    # DMKVMA181E SHARED PAGE hexloc ALTERED BY userid
SHARED_ALTERED_USER = 456        # DMKVMA456W CP ENTERED; name SHARED PAGE hexloc ALTERED
SAVED_RESPONSE = "SYSTEM SAVED"  # VM/SP's response to SAVESYS (unverified for R6)

__all__ = ["install", "SavedSystems", "NameSys", "SavedImage", "PageStore", "StoreError",
           "SavedTableError", "load_table", "parse_table"]


class SegmentTable(Mapping):
    """``system.segments`` for cp.diag.segments: the table's VSYSADR=IGNORE entries that have
    been saved, as objects with address, pages, shared and data."""

    def __init__(self, saved: "SavedSystems"):
        self._saved = saved

    def _segment(self, name: str):
        from cp.diag.segments import SavedSegment
        entry = self._saved.table.get(name)
        if entry is None or not entry.segment:
            return None
        try:
            img = self._saved.store.get(name)
        except StoreError:
            return None
        if img is None or img.page_numbers != entry.pages:
            return None
        return SavedSegment(entry.address, len(entry.pages), bool(entry.shared_segments),
                            img.pages)

    def __getitem__(self, name: str):
        seg = self._segment(str(name).upper())
        if seg is None:
            raise KeyError(name)
        return seg

    def __iter__(self):
        return iter([n for n in self._saved.table if self._segment(n) is not None])

    def __len__(self) -> int:
        return sum(1 for _ in self)


class SavedSystems:
    """The table, the page store and the per-user protection of shared pages."""

    def __init__(self, system, table: dict[str, NameSys], store: PageStore):
        self.system = system
        self.table = table
        self.store = store
        # vm -> {2K block number: (system name, page address)} of the shared pages it holds
        self._shared: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
        self._sd: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()   # vm -> its sd then

    def report(self) -> list[str]:
        """Read every saved image once (a warm start keeps them) and log what is there: the
        saved names, and any image that is unreadable or that the table no longer names
        (those are left alone, not deleted)."""
        lines, good = [], []
        for name in self.store.names():
            if name not in self.table:
                lines.append(f"SAVED SYSTEM {name} IS NOT IN THE SYSTEM NAME TABLE; IGNORED")
                continue
            try:
                img = self.store.get(name)
            except StoreError as e:
                lines.append(f"SAVED SYSTEM {name} UNUSABLE: {e}")
                continue
            if img.page_numbers != self.table[name].pages:
                lines.append(f"SAVED SYSTEM {name} HOLDS OTHER PAGES THAN THE TABLE NAMES; "
                             f"SAVESYS {name} AGAIN")
                self.store.forget(name)
                continue
            good.append(name)
        lines.insert(0, "SAVED SYSTEMS: " + (" ".join(good) if good else "NONE"))
        for line in lines:
            self.system.log(line)
        return lines

    # ------------------------------------------------------------------ SAVESYS
    def savesys(self, user, name: str) -> list[tuple[int, dict]]:
        """Save ``user``'s machine as ``name``; [] when saved, else [(message, fields)]."""
        name = name.upper()
        entry = self.table.get(name)
        if entry is None:
            return [(NOT_EXIST, {"name": name})]
        vm = user.vm
        sd = vm.sd
        if entry.end >= sd.memsize:
            first = next(p for p in entry.pages if (p + 1) * PAGE > sd.memsize)
            return [(EXCEEDS_STORAGE, {"hexloc": f"{first * PAGE:06X}"})]
        with vm.lock:
            pages = b"".join(sd.read(p * PAGE, PAGE) for p in entry.pages)
            keys = bytes(int(sd.keys[(p * PAGE >> L.BLOCK_SHIFT) + k])
                         for p in entry.pages for k in range(BLOCKS_PER_PAGE))
            img = SavedImage(name, list(entry.pages), pages, keys, bytes(sd.psw),
                             [sd.get_gpr(r) & 0xFFFFFFFF for r in range(16)],
                             [sd.get_fpr(r) for r in (0, 2, 4, 6)],
                             [sd.get_cr(r) & 0xFFFFFFFF for r in range(16)],
                             ipl_device=entry.vsysadr)
        self.store.put(img)
        self.system.log(f"SAVESYS {name} BY {user.userid}: {len(entry.pages)} PAGES")
        return []

    # ------------------------------------------------------------------ IPL name
    def exists(self, name: str) -> bool:
        """A name the table lists as a system (not a segment) and that has been saved."""
        entry = self.table.get(name.upper())
        if entry is None or entry.segment:
            return False
        try:
            return self.store.get(name) is not None
        except StoreError:
            return False

    def ipl(self, user, name: str, clear: bool = False) -> str | None:
        """IPL a saved system: None when loaded (the VM may run), else the one-line reason."""
        name = name.upper()
        entry = self.table.get(name)
        try:
            img = self.store.get(name) if entry is not None and not entry.segment else None
        except StoreError as e:
            self.system.log(str(e))
            img = None
        if img is None or img.page_numbers != entry.pages:
            return f"SYSTEM {name} DOES NOT EXIST"
        vm = user.vm
        if vm.storage < entry.min_storage:
            return (f"STORAGE {vm.storage // 1024}K IS TOO SMALL FOR {name} "
                    f"({entry.min_storage // 1024}K)")
        with vm.lock:
            vm.system_reset(clear=True)
            sd = vm.sd
            for k, p in enumerate(img.page_numbers):
                sd.load(p * PAGE, img.pages[k * PAGE:(k + 1) * PAGE])
            shared = entry.shared_pages
            blocks = {}
            for k, p in enumerate(img.page_numbers):
                for b in range(BLOCKS_PER_PAGE):
                    key = img.keys[k * BLOCKS_PER_PAGE + b]
                    block = (p * PAGE >> L.BLOCK_SHIFT) + b
                    if p in shared:
                        key &= ~(L.KEY_REF | L.KEY_CHANGE) & 0xFF
                        blocks[block] = (name, p * PAGE)
                    sd.keys[block] = key
            for r in range(16):
                sd.set_gpr(r, img.gprs[r])
                sd.set_cr(r, img.crs[r])
            for r, v in zip((0, 2, 4, 6), img.fprs):
                sd.set_fpr(r, v)
            self._put_parm(vm)
            if not sd.set_psw(img.psw):
                return f"SAVED PSW {img.psw.hex().upper()} OF {name} IS INVALID"
            device = entry.vsysadr
            if not sd.psw[1] & 0x08 and not 0 in shared:      # BC mode: as an IPL stores it
                sd.mem[2:4] = list(device.to_bytes(2, "big"))
            self._shared[vm] = blocks
            self._sd[vm] = sd
            self._guard(user)
            vm.ipl_device = device
            vm.ipl_name = name
            vm.stopped = False
        return None

    @staticmethod
    def _put_parm(vm) -> None:
        """IPL ... PARM text: the text (EBCDIC, blank padded to 64) in GPRs 0-15, as
        CP's IPL PARM passes it (VM/SP convention; R6 unverified)."""
        parm = getattr(vm, "ipl_parm", None)
        if not parm:
            return
        raw = parm.encode("cp037")[:64].ljust(64, b"\x40")
        for r in range(16):
            vm.sd.set_gpr(r, int.from_bytes(raw[4 * r:4 * r + 4], "big"))

    # ------------------------------------------------------------------ shared pages
    def _guard(self, user) -> None:
        """Check the shared pages after each DIAGNOSE of this user's machine (once installed)."""
        vm = user.vm
        inner = vm.diagnose
        if getattr(inner, "_saved_guard", False):
            return

        def diagnose(vm_, code: int) -> None:
            inner(vm_, code)
            if code == 0x64:
                self._track_segments(vm_)
            self.check_shared(user)
        diagnose._saved_guard = True
        diagnose.inner = inner
        vm.diagnose = diagnose

    def _track_segments(self, vm) -> None:
        """Protect the shared segments DIAG X'64' loaded; forget the purged ones."""
        from cp.diag import segments
        blocks = {b: v for b, v in self._current(vm).items() if not v[0].startswith("SEG:")}
        self._sd[vm] = vm.sd
        for name, (seg, shared) in segments.loaded(vm).items():
            if not shared:
                continue
            old = self._shared.get(vm) or {}
            first = seg.address >> L.BLOCK_SHIFT
            for b in range(first, first + seg.pages * BLOCKS_PER_PAGE):
                if old.get(b, ("",))[0] != "SEG:" + name:
                    vm.sd.keys[b] &= ~(L.KEY_REF | L.KEY_CHANGE) & 0xFF
                blocks[b] = ("SEG:" + name, (b << L.BLOCK_SHIFT) & ~(PAGE - 1))
        self._shared[vm] = blocks

    def shared_blocks(self, vm) -> dict:
        return dict(self._shared.get(vm, {}))

    def segment_loaded(self, user) -> None:
        """cp.diag.segments' hook after a LOADSYS: protect the shared segment's pages."""
        self._guard(user)
        self._track_segments(user.vm)

    def _current(self, vm) -> dict:
        """The vm's protected blocks still in force: a saved system's only while it is the
        one IPLed (an IPL by device or another name ends it), none after DEFINE STORAGE."""
        blocks = self._shared.get(vm)
        if not blocks:
            return {}
        if self._sd.get(vm) is not vm.sd:
            self._shared[vm] = {}
            return {}
        live = {b: v for b, v in blocks.items()
                if v[0].startswith("SEG:") or v[0] == vm.ipl_name}
        if len(live) != len(blocks):
            self._shared[vm] = live
        return live

    def check_shared(self, user) -> bool:
        """True (and the machine stopped, the messages sent) if a shared page was altered."""
        vm = user.vm
        blocks = self._current(vm)
        if not blocks:
            return False
        keys = vm.sd.keys
        altered = sorted(b for b in blocks if keys[b] & L.KEY_CHANGE)
        if not altered:
            return False
        name, page = blocks[altered[0]]
        name = name.removeprefix("SEG:")
        hexloc = f"{page:06X}"
        self._shared[vm] = {}                 # the user's copy is private from now on
        self.system.log(_render(SHARED_ALTERED_OPERATOR, hexloc=hexloc, userid=user.userid))
        user.msg(SHARED_ALTERED_USER, name=name, hexloc=hexloc)
        enter = getattr(user, "enter_cp_mode", None)
        if callable(enter):
            enter()
        vm.stopped = True
        vm.request_exit()
        return True


def _render(number: int, **fields) -> str:
    from cp import messages
    return messages.render(number, "ON", **fields)


def install(system, table_path: str, store_dir: str) -> SavedSystems:
    """Read the system name table (SavedTableError: its 'file:line: message' lines), open the
    page store in ``store_dir`` and hang both on the CPSystem: ``system.saved`` (IPL by name,
    SAVESYS) and ``system.segments`` (DIAG X'64')."""
    table = load_table(table_path)
    saved = SavedSystems(system, table, PageStore(store_dir))
    system.saved = saved
    system.segments = SegmentTable(saved)
    saved.report()
    return saved
