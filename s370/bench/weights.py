"""Instruction-mix weights for the per-instruction benchmark's weighted total.

Source: the normalized dynamic instruction frequencies measured with a hardware monitor
on the IBM System/370 Model 145 at Stanford under its normal workload, in

    Liba Svobodova, "Computer System Performance Measurement: Instruction Set
    Processor Level and Microcode Level", Stanford Electronics Laboratories,
    Technical Report No. 66 (SEL-74-015), June 1974,

as extracted into the "lmix" of W. F. J. Mueller's s370_perf benchmark (s370_perf_mark,
github.com/wfjm/s370-perf), whose operand assumptions we follow: BC and BCR half taken,
half not; MVC/MVZ/MVN/TR/TRT/XC/OC on 10-byte operands, CLC on 10 equal bytes; LM/STM
of 6 registers; EX with TM as its target; BALR, BAL, BCT, BXLE, BXH taken.  Where the
mix names a length we do not time (ZAP and CP of 10 digits) the weight is split evenly
over our two lengths.  The frequencies sum to 0.9858 (the rest of the 1974 mix is
instructions too rare to list); the weighted mean is over the weights actually measured.
"""

# (mnemonic, variant tag as in s370.bench.iloops) -> weight
LMIX = {
    ("BC", "not taken"): 0.0875, ("BC", "taken"): 0.0875,
    ("L", "R,mem"): 0.0648, ("TM", "mem,imm"): 0.0610, ("LA", "R,mem"): 0.0498,
    ("CLI", "mem,imm"): 0.0424, ("MVC", "10 bytes"): 0.0418, ("CLC", "10 bytes"): 0.0342,
    ("BCR", "not taken"): 0.0328, ("BCR", "taken"): 0.0328, ("ST", "R,mem"): 0.0306,
    ("BALR", "taken"): 0.0278, ("LH", "R,mem"): 0.0257, ("BAL", "taken"): 0.0240,
    ("LR", "R,R"): 0.0234, ("LM", "6 regs"): 0.0220, ("STH", "R,mem"): 0.0214,
    ("IC", "R,mem"): 0.0206, ("BCT", "taken"): 0.0187, ("SR", "R,R"): 0.0177,
    ("MVI", "mem,imm"): 0.0174, ("AH", "R,mem"): 0.0165, ("AR", "R,R"): 0.0156,
    ("STM", "6 regs"): 0.0132, ("C", "R,mem"): 0.0122, ("CR", "R,R"): 0.0107,
    ("LTR", "R,R"): 0.0098, ("BCTR", "no branch"): 0.0090, ("LPR", "R,R"): 0.0079,
    ("EX", "TM"): 0.0076, ("SH", "R,mem"): 0.0075, ("SLL", "R,1"): 0.0074,
    ("STC", "R,mem"): 0.0072, ("CL", "R,mem"): 0.0063, ("NI", "mem,imm"): 0.0062,
    ("OI", "mem,imm"): 0.0060, ("N", "R,mem"): 0.0058, ("AL", "R,mem"): 0.0057,
    ("CH", "R,mem"): 0.0052, ("SRL", "R,1"): 0.0048, ("D", "R,mem"): 0.0038,
    ("S", "R,mem"): 0.0033, ("SLA", "R,1"): 0.0022, ("LNR", "R,R"): 0.0021,
    ("XR", "R,R"): 0.0020, ("A", "R,mem"): 0.0020, ("MVZ", "10 bytes"): 0.0020,
    ("M", "R,mem"): 0.0018, ("TRT", "10 bytes"): 0.0017, ("STD", "R,mem"): 0.0016,
    ("LD", "R,mem"): 0.0016, ("CLR", "R,R"): 0.0015, ("CVD", ""): 0.0013,
    ("SLR", "R,R"): 0.0011, ("LDR", "R,R"): 0.0010, ("TR", "10 bytes"): 0.0010,
    ("SRA", "R,1"): 0.0010, ("XC", "10 bytes"): 0.0008, ("SRDL", "R,1"): 0.0006,
    ("OC", "10 bytes"): 0.0006, ("BXLE", "taken"): 0.0005, ("MH", "R,mem"): 0.0005,
    ("LCR", "R,R"): 0.0005, ("ZAP", "5,5 digits"): 0.00015, ("ZAP", "15,15 digits"): 0.00015,
    ("PACK", "5 digits"): 0.0003, ("SLDL", "R,1"): 0.0003, ("MVN", "10 bytes"): 0.0003,
    ("CDR", "R,R"): 0.0002, ("LTDR", "R,R"): 0.0002, ("BXH", "taken"): 0.0002,
    ("XI", "mem,imm"): 0.0002, ("X", "R,mem"): 0.0002, ("SDR", "R,R"): 0.0001,
    ("LPDR", "R,R"): 0.0001, ("CP", "5 digits equal"): 0.00005,
    ("CP", "15 digits equal"): 0.00005, ("UNPK", "5 digits"): 0.0001,
    ("CVB", "7 digits"): 0.0001, ("O", "R,mem"): 0.0001,
}
SOURCE = "Svobodova 1974 (S/370-145 at Stanford), as the 'lmix' of wfjm's s370_perf"
