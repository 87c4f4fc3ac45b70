"""CP's terminal manager: logo, logon, the 3270 line-mode console (DMKGRF) and telnet line mode,
over the s370 TN3270 hub's session router."""
