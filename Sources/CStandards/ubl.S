// The UBL 2.1 XSDs of Sources/SettleExport/Standards/UBL-2.1, included byte for byte with
// `.incbin` (the include path is set in Package.swift). SwiftPM's `embedInCode` cannot take them:
// a 2.4 MB array literal is more than the Swift type checker finishes (docs/DECISIONS.md, Invoices).
// One entry per file, in step with the table in ubl.c and Standards/README.md.
#if defined(__APPLE__)
#define SYM(name) _##name
    .section __TEXT,__const
#else
#define SYM(name) name
    .section .rodata
#endif
    .globl SYM(settle_ubl_common_CCTS_CCT_SchemaModule_2_1_xsd_start)
SYM(settle_ubl_common_CCTS_CCT_SchemaModule_2_1_xsd_start):
    .incbin "common/CCTS_CCT_SchemaModule-2.1.xsd"
    .globl SYM(settle_ubl_common_CCTS_CCT_SchemaModule_2_1_xsd_end)
SYM(settle_ubl_common_CCTS_CCT_SchemaModule_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_CommonAggregateComponents_2_1_xsd_start)
SYM(settle_ubl_common_UBL_CommonAggregateComponents_2_1_xsd_start):
    .incbin "common/UBL-CommonAggregateComponents-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_CommonAggregateComponents_2_1_xsd_end)
SYM(settle_ubl_common_UBL_CommonAggregateComponents_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_CommonBasicComponents_2_1_xsd_start)
SYM(settle_ubl_common_UBL_CommonBasicComponents_2_1_xsd_start):
    .incbin "common/UBL-CommonBasicComponents-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_CommonBasicComponents_2_1_xsd_end)
SYM(settle_ubl_common_UBL_CommonBasicComponents_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_CommonExtensionComponents_2_1_xsd_start)
SYM(settle_ubl_common_UBL_CommonExtensionComponents_2_1_xsd_start):
    .incbin "common/UBL-CommonExtensionComponents-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_CommonExtensionComponents_2_1_xsd_end)
SYM(settle_ubl_common_UBL_CommonExtensionComponents_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_CommonSignatureComponents_2_1_xsd_start)
SYM(settle_ubl_common_UBL_CommonSignatureComponents_2_1_xsd_start):
    .incbin "common/UBL-CommonSignatureComponents-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_CommonSignatureComponents_2_1_xsd_end)
SYM(settle_ubl_common_UBL_CommonSignatureComponents_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_CoreComponentParameters_2_1_xsd_start)
SYM(settle_ubl_common_UBL_CoreComponentParameters_2_1_xsd_start):
    .incbin "common/UBL-CoreComponentParameters-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_CoreComponentParameters_2_1_xsd_end)
SYM(settle_ubl_common_UBL_CoreComponentParameters_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_ExtensionContentDataType_2_1_xsd_start)
SYM(settle_ubl_common_UBL_ExtensionContentDataType_2_1_xsd_start):
    .incbin "common/UBL-ExtensionContentDataType-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_ExtensionContentDataType_2_1_xsd_end)
SYM(settle_ubl_common_UBL_ExtensionContentDataType_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_QualifiedDataTypes_2_1_xsd_start)
SYM(settle_ubl_common_UBL_QualifiedDataTypes_2_1_xsd_start):
    .incbin "common/UBL-QualifiedDataTypes-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_QualifiedDataTypes_2_1_xsd_end)
SYM(settle_ubl_common_UBL_QualifiedDataTypes_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_SignatureAggregateComponents_2_1_xsd_start)
SYM(settle_ubl_common_UBL_SignatureAggregateComponents_2_1_xsd_start):
    .incbin "common/UBL-SignatureAggregateComponents-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_SignatureAggregateComponents_2_1_xsd_end)
SYM(settle_ubl_common_UBL_SignatureAggregateComponents_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_SignatureBasicComponents_2_1_xsd_start)
SYM(settle_ubl_common_UBL_SignatureBasicComponents_2_1_xsd_start):
    .incbin "common/UBL-SignatureBasicComponents-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_SignatureBasicComponents_2_1_xsd_end)
SYM(settle_ubl_common_UBL_SignatureBasicComponents_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_UnqualifiedDataTypes_2_1_xsd_start)
SYM(settle_ubl_common_UBL_UnqualifiedDataTypes_2_1_xsd_start):
    .incbin "common/UBL-UnqualifiedDataTypes-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_UnqualifiedDataTypes_2_1_xsd_end)
SYM(settle_ubl_common_UBL_UnqualifiedDataTypes_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_XAdESv132_2_1_xsd_start)
SYM(settle_ubl_common_UBL_XAdESv132_2_1_xsd_start):
    .incbin "common/UBL-XAdESv132-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_XAdESv132_2_1_xsd_end)
SYM(settle_ubl_common_UBL_XAdESv132_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_XAdESv141_2_1_xsd_start)
SYM(settle_ubl_common_UBL_XAdESv141_2_1_xsd_start):
    .incbin "common/UBL-XAdESv141-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_XAdESv141_2_1_xsd_end)
SYM(settle_ubl_common_UBL_XAdESv141_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_common_UBL_xmldsig_core_schema_2_1_xsd_start)
SYM(settle_ubl_common_UBL_xmldsig_core_schema_2_1_xsd_start):
    .incbin "common/UBL-xmldsig-core-schema-2.1.xsd"
    .globl SYM(settle_ubl_common_UBL_xmldsig_core_schema_2_1_xsd_end)
SYM(settle_ubl_common_UBL_xmldsig_core_schema_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_maindoc_UBL_CreditNote_2_1_xsd_start)
SYM(settle_ubl_maindoc_UBL_CreditNote_2_1_xsd_start):
    .incbin "maindoc/UBL-CreditNote-2.1.xsd"
    .globl SYM(settle_ubl_maindoc_UBL_CreditNote_2_1_xsd_end)
SYM(settle_ubl_maindoc_UBL_CreditNote_2_1_xsd_end):
    .byte 0
    .globl SYM(settle_ubl_maindoc_UBL_Invoice_2_1_xsd_start)
SYM(settle_ubl_maindoc_UBL_Invoice_2_1_xsd_start):
    .incbin "maindoc/UBL-Invoice-2.1.xsd"
    .globl SYM(settle_ubl_maindoc_UBL_Invoice_2_1_xsd_end)
SYM(settle_ubl_maindoc_UBL_Invoice_2_1_xsd_end):
    .byte 0
#if defined(__linux__)
    .section .note.GNU-stack,"",%progbits
#endif
