/// One product and its package in the FDA NDC Directory's tab-separated layout (header rows and CRLF line ends
/// as the April 2019 files have them), shared by the NDC importer tests that write small files.
enum NDCFixture {
    static let productHeader = "PRODUCTID\tPRODUCTNDC\tPRODUCTTYPENAME\tPROPRIETARYNAME\tPROPRIETARYNAMESUFFIX\tNONPROPRIETARYNAME\t"
        + "DOSAGEFORMNAME\tROUTENAME\tSTARTMARKETINGDATE\tENDMARKETINGDATE\tMARKETINGCATEGORYNAME\tAPPLICATIONNUMBER\t"
        + "LABELERNAME\tSUBSTANCENAME\tACTIVE_NUMERATOR_STRENGTH\tACTIVE_INGRED_UNIT\tPHARM_CLASSES\tDEASCHEDULE\r\n"
    static let product = "0002-0800_x\t0002-0800\tHUMAN OTC DRUG\tSterile Diluent\t\tdiluent\tINJECTION\tSUBCUTANEOUS\t19870710\t\t"
        + "NDA\tNDA018781\tEli Lilly\tWATER\t1\tmL/mL\t\t\r\n"
    static let packageHeader = "PRODUCTID\tPRODUCTNDC\tNDCPACKAGECODE\tPACKAGEDESCRIPTION\tSTARTMARKETINGDATE\tENDMARKETINGDATE\tNDC_EXCLUDE_FLAG\tSAMPLE_PACKAGE\r\n"
    static let package = "0002-0800_x\t0002-0800\t0002-0800-01\t1 VIAL\t19870710\t\tN\tN\r\n"
}
