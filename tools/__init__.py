"""Host command-line tools on the image formats (media/) and the CMS file system (cms.fs).

    tools.dasd      s370-dasdinit, s370-dasdcopy, s370-dasdls
    tools.tape      s370-tapemap, s370-tapecopy
    tools.ddr       ddr: VM/370 DDR dump/restore/copy/print of CKD volumes to AWS/HET tapes
    tools.vmfplc2   vmfplc2: VM/370 VMFPLC2 file dumps (list, load, dump)

    tools.bench_ddr, tools.bench_vmfplc2   their benchmarks (figures only)

Tools sit on top of every layer: nothing imports them.
"""
