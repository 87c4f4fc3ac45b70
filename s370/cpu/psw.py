"""The program-status word: packing the decoded fields to the 64-bit image and back.

BC mode (bit 12 = 0) carries the interruption code and ILC in the PSW; EC mode
(bit 12 = 1) keeps them in low storage and requires several bits to be zero
(an "early" specification exception when such a PSW becomes current).
"""

import numpy as np
from numba import njit

from .compile_options import INTERNAL

from .layout import (PSW_SYSMASK, PSW_KEY, PSW_EC, PSW_MCHK, PSW_WAIT, PSW_PROB,
                     PSW_CC, PSW_PM, PSW_IA, PSW_ILC, PSW_INTCODE, PSW_MBZ, EC_ABSENT)

BIT12 = np.int64(1 << 51)

# EC-mode bits that must be zero: 0, 2-4, 16-17, 24-39 (as a mask on the 64-bit image)
EC_MBZ = np.int64(((0x80 | 0x38) << 56) - (1 << 64)) | np.int64(0x3 << 46) | np.int64(0xFFFF << 24)


@njit(**INTERNAL)
def psw_image(S, ia, cc):
    """The current PSW as a 64-bit image, with the given IA and CC."""
    w = (S[PSW_SYSMASK] << 56) | (S[PSW_KEY] << 52) | (S[PSW_MCHK] << 50) \
        | (S[PSW_WAIT] << 49) | (S[PSW_PROB] << 48) | (ia & 0xFFFFFF)
    if S[PSW_EC]:
        w |= (1 << 51) | (cc << 44) | (S[PSW_PM] << 40) | S[PSW_MBZ]
    else:
        w |= (S[PSW_INTCODE] << 32) | (S[PSW_ILC] << 30) | (cc << 28) | (S[PSW_PM] << 24) \
            | S[PSW_MBZ]            # BC: bit 12 of an invalid PSW on a CPU without EC mode
    return w


@njit(**INTERNAL)
def load_psw(S, w):
    """Make the 64-bit image ``w`` the current PSW.

    Returns 0, or 6 (specification) when an EC-mode PSW has a must-be-zero
    bit on: the fields are loaded anyway and the caller takes the early
    exception with ILC 0.  On a CPU without the EC facility (S[EC_ABSENT]) bit 12
    itself is such an error: the PSW is decoded as BC and bit 12 kept for the store.
    """
    S[PSW_SYSMASK] = (w >> 56) & 0xFF
    S[PSW_KEY] = (w >> 52) & 0xF
    S[PSW_EC] = (w >> 51) & 1
    absent = S[PSW_EC] != 0 and S[EC_ABSENT] != 0
    if absent:                      # no EC facility: decoded as BC, bit 12 kept for the store
        S[PSW_EC] = 0
    S[PSW_MCHK] = (w >> 50) & 1
    S[PSW_WAIT] = (w >> 49) & 1
    S[PSW_PROB] = (w >> 48) & 1
    S[PSW_IA] = w & 0xFFFFFF
    if S[PSW_EC]:
        S[PSW_CC] = (w >> 44) & 3
        S[PSW_PM] = (w >> 40) & 0xF
        S[PSW_INTCODE] = 0
        S[PSW_MBZ] = w & EC_MBZ & ~(np.int64(0xFF) << 56)
        if w & EC_MBZ:
            return 6
    else:
        S[PSW_MBZ] = 0
        S[PSW_INTCODE] = (w >> 32) & 0xFFFF
        S[PSW_CC] = (w >> 28) & 3
        S[PSW_PM] = (w >> 24) & 0xF
        if absent:
            S[PSW_MBZ] = BIT12
            return 6
    return 0


@njit(**INTERNAL)
def sysmask_invalid(S):
    """True when an EC-mode system mask has bit 0 or bits 2-4 on."""
    return S[PSW_EC] != 0 and (S[PSW_SYSMASK] & 0xB8) != 0
