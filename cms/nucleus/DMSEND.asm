*---------------------------------------------------------------------
* DMSEND - THE END OF THE NUCLEUS
*
* FUNCTION: NO CODE.  THE BUILD LINKS IT LAST, SO NUCLEND IS THE
*           FIRST BYTE AFTER THE NUCLEUS, WHERE DMSFRINI STARTS THE
*           LOW FREE STORAGE EXTENT.
*---------------------------------------------------------------------
DMSEND   CSECT
         ENTRY NUCLEND
         DS    0D
NUCLEND  EQU   *
         END
