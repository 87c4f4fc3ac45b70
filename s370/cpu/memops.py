"""Block operations on main storage for the compiled core: move, fill, 8-byte words.

Why: the storage-to-storage instructions over long operands spend their time in
byte loops that LLVM cannot widen (numba's index wrap-around checks and the
possible aliasing of both operands in one array).  These intrinsics hand LLVM the
raw operations instead -- memmove, memset, and unaligned 8-byte loads and stores
-- so a 256-byte MVC or XC is a handful of wide moves.  Callers have already
checked every byte's access (addressing, keys) and pass absolute offsets inside
``mem``; nothing here checks bounds.  Byte order: the ``_be`` ones convert between
storage (big-endian) order and values; ``load_raw64`` and ``store_raw64`` keep host
order, for the bitwise AND/OR/XOR that do not care.
"""

import sys

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

LITTLE_ENDIAN_HOST = sys.byteorder == "little"


def _storage(mem):
    """Typing guard: only a contiguous 1-D uint8 array has its bytes at data + offset."""
    return (isinstance(mem, types.Array) and mem.ndim == 1 and mem.layout == "C"
            and mem.dtype == types.uint8)


def _byte_ptr(context, builder, ary_type, ary, offset):
    data = context.make_array(ary_type)(context, builder, ary).data
    return builder.gep(data, [offset])


def _word_ptr(builder, byte_ptr):
    return builder.bitcast(byte_ptr, ir.IntType(64).as_pointer())


@intrinsic
def mem_move(typingctx, mem, dst, src, n):
    """mem[dst:dst+n] = mem[src:src+n] as memmove (the source as it was before)."""
    if not _storage(mem):
        return None
    sig = types.void(mem, types.int64, types.int64, types.int64)

    def codegen(context, builder, signature, args):
        ary, d, s, count = args
        dp = _byte_ptr(context, builder, signature.args[0], ary, d)
        sp = _byte_ptr(context, builder, signature.args[0], ary, s)
        cgutils.raw_memmove(builder, dp, sp, count, 1)
        return context.get_dummy_value()
    return sig, codegen


@intrinsic
def mem_fill(typingctx, mem, dst, n, value):
    """mem[dst:dst+n] = value (one byte)."""
    if not _storage(mem):
        return None
    sig = types.void(mem, types.int64, types.int64, types.int64)

    def codegen(context, builder, signature, args):
        ary, d, count, v = args
        dp = _byte_ptr(context, builder, signature.args[0], ary, d)
        cgutils.memset(builder, dp, count, builder.trunc(v, ir.IntType(8)))
        return context.get_dummy_value()
    return sig, codegen


@intrinsic
def load_raw64(typingctx, mem, off):
    """The 8 bytes at mem[off] as an int64 in host byte order (unaligned)."""
    if not _storage(mem):
        return None
    sig = types.int64(mem, types.int64)

    def codegen(context, builder, signature, args):
        ary, o = args
        p = _word_ptr(builder, _byte_ptr(context, builder, signature.args[0], ary, o))
        return builder.load(p, align=1)
    return sig, codegen


@intrinsic
def store_raw64(typingctx, mem, off, value):
    """Store an int64 from ``load_raw64``-order at mem[off] (unaligned)."""
    if not _storage(mem):
        return None
    sig = types.void(mem, types.int64, types.int64)

    def codegen(context, builder, signature, args):
        ary, o, v = args
        p = _word_ptr(builder, _byte_ptr(context, builder, signature.args[0], ary, o))
        builder.store(v, p, align=1)
        return context.get_dummy_value()
    return sig, codegen


@intrinsic
def load_be64(typingctx, mem, off):
    """The 8 bytes at mem[off] as a big-endian int64 (unaligned): storage order."""
    if not _storage(mem):
        return None
    sig = types.int64(mem, types.int64)

    def codegen(context, builder, signature, args):
        ary, o = args
        p = _word_ptr(builder, _byte_ptr(context, builder, signature.args[0], ary, o))
        v = builder.load(p, align=1)
        return builder.bswap(v) if LITTLE_ENDIAN_HOST else v
    return sig, codegen


def _load_be(width):
    @intrinsic
    def load(typingctx, mem, off):
        if not _storage(mem):
            return None
        sig = types.int64(mem, types.int64)

        def codegen(context, builder, signature, args):
            ary, o = args
            p = builder.bitcast(_byte_ptr(context, builder, signature.args[0], ary, o),
                                ir.IntType(width).as_pointer())
            v = builder.load(p, align=1)
            if LITTLE_ENDIAN_HOST:
                v = builder.bswap(v)
            return builder.zext(v, ir.IntType(64))
        return sig, codegen
    return load


def _store_be(width):
    @intrinsic
    def store(typingctx, mem, off, value):
        if not _storage(mem):
            return None
        sig = types.void(mem, types.int64, types.int64)

        def codegen(context, builder, signature, args):
            ary, o, v = args
            p = builder.bitcast(_byte_ptr(context, builder, signature.args[0], ary, o),
                                ir.IntType(width).as_pointer())
            v = builder.trunc(v, ir.IntType(width))
            if LITTLE_ENDIAN_HOST:
                v = builder.bswap(v)
            builder.store(v, p, align=1)
            return context.get_dummy_value()
        return sig, codegen
    return store


# big-endian halfwords and words: storage order <-> unsigned value (low bits of ``value``)
load_be16 = _load_be(16)
load_be32 = _load_be(32)
store_be16 = _store_be(16)
store_be32 = _store_be(32)
