"""CP's terminal manager: logo, logon, the 3270 line-mode console (DMKGRF) and telnet line mode,
over the s370 TN3270 hub's session router.

    hub = TerminalHub(port=3270, router=TerminalManager(system)).start()

``manager`` (the router, the logo, LOGON, DIAL), ``graf`` (a 3270 as CP's line-mode
console), ``line`` (a telnet line as a typewriter console), ``editing`` (TERMINAL
line editing and #CP).
"""

from .manager import TerminalManager

__all__ = ["TerminalManager"]
