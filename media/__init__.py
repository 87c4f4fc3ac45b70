"""The image-format layer, below s370: the files volumes and tapes live in.

    media.ckd    CKD and CCKD DASD images (Hercules-compatible), geometry, track layout
    media.tape   AWS and HET tape images, standard labels
    media.ddr    VM/370 DDR volume dumps on tape (media.ddrjob: DUMP, RESTORE, COPY, PRINT)
    media.vmfplc2  VM/370 VMFPLC2 file dumps on tape

It imports nothing from s370, sie, cp or cms, so the device models, CP and the host
tools (tools/) share one copy of every format.
"""
