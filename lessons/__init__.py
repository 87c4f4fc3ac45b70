"""The course: each virtualization concept shown live on the running system.

One module per lesson (``lessons/<name with _>.py``, ``run(ctx) -> Result``),
listed in course order in ``lessons.table.LESSONS``; ``python -m lessons NAME``
(and ``vm370 lesson NAME``) runs one.  The framework: ``base`` (Context,
Result), ``table`` (the lessons), ``show`` (3270 screenshots and plots),
``systems`` (starting a whole system for a lesson).  lessons/ sits on top of
every other layer: a lesson starts whole systems through vm370's public start
and automation API.
"""
