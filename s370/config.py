"""Hercules-style configuration files (hercules.cnf) for the bare S/370 machine.

Why Hercules' format: existing S/370 configurations (VM/370, MVS 3.8 turnkey
systems) should work unchanged where their statements are supported.  Supported:
ARCHMODE S/370, MAINSIZE (MB), CPUMODEL, CPUSERIAL, CPUVERID, CNSLPORT
([host:]port), LOADPARM, NUMCPU / MAXCPU (one CPU is emulated), DEFSYM,
INCLUDE, IGNORE INCLUDE_ERRORS, and device statements

    devnum(s)  devtype  [arguments]  [# comment]

with Hercules' device-number syntax ``[n:]CCUU[,CCUU][-CCUU][.nn]`` (the count
after '.' is decimal).  Lines starting with '#' or '*' are comments; a line ending
in a backslash continues on the next one.  ``$(SYM)`` is replaced by a DEFSYM
symbol or environment variable (empty if neither), ``$$(`` escapes it, and
``${VAR=default}`` reads the environment only; in device statements CUU, CCUU,
cuu and ccuu name the device being defined.  Any other statement gets one warning
and is ignored; malformed values raise ConfigError with a one-line message.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

SUPPORTED = {"ARCHMODE", "MAINSIZE", "CPUMODEL", "CPUSERIAL", "CPUVERID", "CNSLPORT",
             "LOADPARM", "NUMCPU", "MAXCPU", "DEFSYM", "INCLUDE", "IGNORE"}
ARCH_S370 = {"S/370", "S370"}
MAX_MAINSIZE_MB = 16


class ConfigError(ValueError):
    """A configuration that cannot be used; str() is the one-line reason."""


@dataclass
class DeviceStatement:
    devnums: list[int]
    devtype: str
    args: list[str]              # arguments for each device (symbols substituted per device)
    lineno: int
    per_device_args: dict = field(default_factory=dict)

    def args_for(self, devnum: int) -> list[str]:
        return self.per_device_args.get(devnum, self.args)


@dataclass
class Config:
    archmode: str = "S/370"
    mainsize_mb: int = 2
    cpumodel: int = 0x3158
    cpuserial: int = 0x000001
    cpuverid: int = 0xFD
    cnslport: int | None = None
    cnslhost: str = ""
    loadparm: str = ""
    numcpu: int = 1
    devices: list[DeviceStatement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    symbols: dict = field(default_factory=dict)
    source: str = "<config>"


# --- symbols ---------------------------------------------------------------------------
_SYM = re.compile(r"(\$+)\(([^)]*)\)|\$\{([^}=:]*)(?::?=([^}]*))?\}")


def substitute(text: str, symbols: dict) -> str:
    """One pass of Hercules symbol substitution."""
    def repl(m):
        if m.group(2) is not None:
            dollars, name = m.group(1), m.group(2)
            if len(dollars) % 2 == 0:            # $$( escapes: stays as written
                return m.group(0)
            value = symbols.get(name, os.environ.get(name, ""))
            return "$" * ((len(dollars) - 1) // 2) + value
        name, default = m.group(3), m.group(4)
        return os.environ.get(name, default if default is not None else "")
    return _SYM.sub(repl, text)


def tokenize(line: str) -> list[str]:
    """Whitespace-separated words; "..." or '...' group; a word starting with # ends the line."""
    words, i, n = [], 0, len(line)
    while i < n:
        while i < n and line[i].isspace():
            i += 1
        if i >= n:
            break
        if line[i] == "#":
            break
        if line[i] in "\"'":
            q = line[i]
            j = line.find(q, i + 1)
            if j < 0:
                raise ConfigError(f"unbalanced quote in: {line.strip()}")
            words.append(line[i + 1:j])
            i = j + 1
            continue
        j = i
        while j < n and not line[j].isspace():
            j += 1
        words.append(line[i:j])
        i = j
    return words


# --- device numbers ------------------------------------------------------------------------
_DEVNUM_WORD = re.compile(r"^(\d+:)?[0-9A-Fa-f]{1,4}([-.,][0-9A-Fa-f]{1,4})*$")


def looks_like_devnums(word: str) -> bool:
    return bool(_DEVNUM_WORD.match(word))


def parse_devnums(word: str) -> list[int]:
    """``[n:]CCUU[,CCUU][-CCUU][.nn]`` -> device numbers (count after '.' is decimal)."""
    if ":" in word:
        lcss, word = word.split(":", 1)
        if int(lcss) != 0:
            raise ConfigError(f"channel set {lcss} is not supported")
    out = []
    for part in word.split(","):
        try:
            if "-" in part:
                a, b = part.split("-")
                first, last = int(a, 16), int(b, 16)
                if last < first:
                    raise ConfigError(f"invalid device range {part}")
                nums = range(first, last + 1)
            elif "." in part:
                a, cnt = part.split(".")
                first, count = int(a, 16), int(cnt, 10)
                if count < 1:
                    raise ConfigError(f"invalid device count {part}")
                nums = range(first, first + count)
            else:
                nums = [int(part, 16)]
        except ConfigError:
            raise
        except ValueError:
            raise ConfigError(f"invalid device number {part}") from None
        for d in nums:
            if d > 0x0FFF:
                raise ConfigError(f"device number {d:04X} is beyond S/370's 0FFF")
            out.append(d)
    if len({d >> 8 for d in out}) > 1:
        raise ConfigError(f"device group {word} spans more than one channel")
    return out


# --- the parser ---------------------------------------------------------------------------------
def _hex(value: str, what: str, digits: int) -> int:
    try:
        v = int(value, 16)
    except ValueError:
        raise ConfigError(f"invalid {what} {value}") from None
    if v >= 16 ** digits:
        raise ConfigError(f"invalid {what} {value}")
    return v


def _lines(text: str):
    """(lineno, line) with continuations joined."""
    buf, start = "", None
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if start is None:
            start = no
        if line.rstrip().endswith("\\"):
            buf += line.rstrip()[:-1] + " "
            continue
        yield start, buf + line
        buf, start = "", None
    if buf:
        yield start, buf


def parse(text: str, source: str = "<config>", cfg: Config | None = None, _depth: int = 0) -> Config:
    """Parse configuration text into a Config (warnings collected, errors raised)."""
    cfg = cfg or Config(source=source)
    ignore_include_errors = False
    base_dir = os.path.dirname(source) if source and not source.startswith("<") else "."
    for lineno, raw in _lines(text):
        stripped = raw.strip()
        if not stripped or stripped[0] in "#*":
            continue
        where = f"{source}:{lineno}"
        try:
            words = tokenize(substitute(stripped, cfg.symbols)) if not looks_like_devnums(
                stripped.split()[0]) else tokenize(stripped)
        except ConfigError as e:
            raise ConfigError(f"{where}: {e}") from None
        if not words:
            continue
        kw = words[0].upper()
        args = words[1:]
        try:
            if looks_like_devnums(words[0]) and len(words) >= 2 and kw not in SUPPORTED:
                _device_statement(cfg, words, lineno)
            elif kw == "ARCHMODE":
                mode = (args[0] if args else "").upper()
                if mode not in ARCH_S370:
                    cfg.warnings.append(f"{where}: ARCHMODE {args[0] if args else ''} not supported;"
                                        " this machine is S/370")
            elif kw == "MAINSIZE":
                try:
                    mb = int(args[0])
                except (IndexError, ValueError):
                    raise ConfigError(f"invalid MAINSIZE {' '.join(args)}") from None
                if not 1 <= mb <= MAX_MAINSIZE_MB:
                    raise ConfigError(f"MAINSIZE {mb} must be 1..{MAX_MAINSIZE_MB} (MB) on S/370")
                cfg.mainsize_mb = mb
            elif kw == "CPUMODEL":
                cfg.cpumodel = _hex(args[0] if args else "", "CPUMODEL", 4)
            elif kw == "CPUSERIAL":
                cfg.cpuserial = _hex(args[0] if args else "", "CPUSERIAL", 6)
            elif kw == "CPUVERID":
                cfg.cpuverid = _hex(args[0] if args else "", "CPUVERID", 2)
            elif kw == "CNSLPORT":
                spec = args[0] if args else ""
                host, _, port = spec.rpartition(":")
                try:
                    cfg.cnslport = int(port)
                except ValueError:
                    raise ConfigError(f"invalid CNSLPORT {spec}") from None
                if not 0 <= cfg.cnslport <= 65535:
                    raise ConfigError(f"invalid CNSLPORT {spec}")
                cfg.cnslhost = host
            elif kw == "LOADPARM":
                lp = args[0] if args else ""
                if len(lp) > 8:
                    raise ConfigError(f"LOADPARM {lp} is longer than 8 characters")
                cfg.loadparm = lp.upper()
            elif kw in ("NUMCPU", "MAXCPU"):
                try:
                    n = int(args[0])
                except (IndexError, ValueError):
                    raise ConfigError(f"invalid {kw} {' '.join(args)}") from None
                if kw == "NUMCPU":
                    cfg.numcpu = n
                    if n != 1:
                        cfg.warnings.append(f"{where}: NUMCPU {n}: one CPU is emulated")
            elif kw == "DEFSYM":
                if not args:
                    raise ConfigError("DEFSYM needs a symbol name")
                cfg.symbols[args[0]] = " ".join(args[1:])
            elif kw == "IGNORE":
                ignore_include_errors = bool(args) and args[0].upper() == "INCLUDE_ERRORS"
            elif kw == "INCLUDE":
                path = args[0] if args else ""
                if not os.path.isabs(path) and not os.path.exists(path):
                    path = os.path.join(base_dir, path)
                try:
                    with open(path, encoding="latin-1") as f:
                        sub = f.read()
                except OSError as e:
                    if ignore_include_errors:
                        cfg.warnings.append(f"{where}: INCLUDE {args[0]}: {e.strerror}, ignored")
                        continue
                    raise ConfigError(f"INCLUDE {path}: {e.strerror}") from None
                if _depth > 8:
                    raise ConfigError("INCLUDE nested too deeply")
                parse(sub, path, cfg, _depth + 1)
            else:
                cfg.warnings.append(f"{where}: statement {words[0]} not supported, ignored")
        except ConfigError as e:
            if str(e).startswith(source):
                raise
            raise ConfigError(f"{where}: {e}") from None
    return cfg


def _device_statement(cfg: Config, words: list[str], lineno: int) -> None:
    devnums = parse_devnums(words[0])
    devtype = words[1]
    raw_args = words[2:]
    stmt = DeviceStatement(devnums, devtype, [substitute(a, cfg.symbols) for a in raw_args], lineno)
    if any("$(" in a for a in raw_args):
        for d in devnums:
            syms = dict(cfg.symbols, CUU=f"{d:03X}", CCUU=f"{d:04X}", cuu=f"{d:03x}", ccuu=f"{d:04x}")
            stmt.per_device_args[d] = [substitute(a, syms) for a in raw_args]
    cfg.devices.append(stmt)


def load(path_or_text: str) -> Config:
    """Parse a configuration file (a path) or configuration text."""
    if "\n" not in path_or_text and os.path.isfile(path_or_text):
        try:
            with open(path_or_text, encoding="latin-1") as f:
                text = f.read()
        except OSError as e:
            raise ConfigError(f"{path_or_text}: {e.strerror}") from None
        return parse(text, path_or_text)
    if "\n" not in path_or_text and path_or_text.strip() and not looks_like_devnums(
            path_or_text.split()[0]) and path_or_text.split()[0].upper() not in SUPPORTED:
        raise ConfigError(f"{path_or_text}: no such configuration file")
    return parse(path_or_text)
