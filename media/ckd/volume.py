"""volume_info(): what a CKD/CCKD volume says about itself (VOL1 label, VTOC datasets).

Used by s370-dasdls and by CP when it brings its real volumes online.
"""

from __future__ import annotations

from media.ckd.image import open_image
from media.ckd.track import parse_track


def volume_info(path: str) -> dict:
    """Volume serial, device and the datasets listed in the VTOC (format-1 DSCBs)."""
    im = open_image(path, readonly=True)
    try:
        _c, _h, recs = parse_track(im.read_track(0), 0)
        vol1 = next((r for r in recs if r.key == "VOL1".encode("cp037") or
                     r.data[:4] == "VOL1".encode("cp037")), None)
        info = {"path": path, "kind": im.kind, "device": im.geometry.name, "cyls": im.cyls,
                "heads": im.heads, "volser": None, "datasets": []}
        if vol1 is None:
            return info
        info["volser"] = vol1.data[4:10].decode("cp037").rstrip()
        c, h = vol1.data[11] << 8 | vol1.data[12], vol1.data[13] << 8 | vol1.data[14]
        trk = c * im.heads + h
        if (c, h) == (0, 0) or trk >= im.tracks:
            return info
        # walk the VTOC extent: format-1 DSCBs carry a 44-byte key (the dataset name)
        while trk < im.tracks:
            _c, _h, vrecs = parse_track(im.read_track(trk), trk)
            done = False
            for r in vrecs[1:]:
                if r.dl == 0:
                    done = True
                    break
                if r.kl == 44 and r.data[:1] == b"\xF1":
                    info["datasets"].append(r.key.decode("cp037").rstrip())
                elif r.kl == 44 and r.key == b"\x04" * 44 and r.data[:1] == b"\xF4":
                    pass
                elif r.kl == 44 and r.key == bytes(44):
                    continue
            if done or not vrecs[1:]:
                break
            trk += 1
            if trk % im.heads == 0:
                break
        return info
    finally:
        im.close()
