"""The lessons in course order: the CLI, --list, the docs index and the tests derive from it."""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    name: str           # the command's NAME (vm370 lesson NAME)
    module: str         # lessons.<module> defines run(ctx) -> Result
    title: str          # one line for --list and the docs index

    def load(self):
        return importlib.import_module(f"lessons.{self.module}")


LESSONS = (
    Lesson("full-virtualization", "full_virtualization",
           "Popek-Goldberg: equivalence, efficiency, resource control, shown live"),
    Lesson("trap-and-emulate", "trap_and_emulate",
           "trap-and-emulate vs interpretive execution (SIE): exits and time; Adams & Agesen"),
    Lesson("paravirtualization", "paravirtualization",
           "a hypercall (DIAGNOSE X'18') vs a full channel program by SIO: intercepts per block"),
    Lesson("temporal-isolation", "temporal_isolation",
           "an interactive user's response time beside a CPU hog, fair share on and off"),
    Lesson("consolidation", "consolidation",
           "N CMS users on one machine: throughput, CPU and memory per user as N grows"),
    Lesson("disaster-recovery", "disaster_recovery",
           "DDR tape backup, volumes destroyed, restore, restart, every file back"),
    Lesson("live-migration", "live_migration",
           "a CMS user running an EXEC moved between two systems; downtime measured"),
    Lesson("nested-virtualization", "nested_virtualization",
           "a small CP-67-like hypervisor in S/370 assembler runs a guest under our CP"),
    Lesson("hypervisor-types", "hypervisor_types",
           "the same guest on the bare machine and under CP: type 1 vs hosted"),
)

BY_NAME = {lesson.name: lesson for lesson in LESSONS}
