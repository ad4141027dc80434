#include "CStandards.h"

// Bounds of each file, from ubl.S.
extern const unsigned char settle_ubl_common_CCTS_CCT_SchemaModule_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_CCTS_CCT_SchemaModule_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_CommonAggregateComponents_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_CommonAggregateComponents_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_CommonBasicComponents_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_CommonBasicComponents_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_CommonExtensionComponents_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_CommonExtensionComponents_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_CommonSignatureComponents_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_CommonSignatureComponents_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_CoreComponentParameters_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_CoreComponentParameters_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_ExtensionContentDataType_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_ExtensionContentDataType_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_QualifiedDataTypes_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_QualifiedDataTypes_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_SignatureAggregateComponents_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_SignatureAggregateComponents_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_SignatureBasicComponents_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_SignatureBasicComponents_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_UnqualifiedDataTypes_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_UnqualifiedDataTypes_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_XAdESv132_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_XAdESv132_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_XAdESv141_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_XAdESv141_2_1_xsd_end[];
extern const unsigned char settle_ubl_common_UBL_xmldsig_core_schema_2_1_xsd_start[];
extern const unsigned char settle_ubl_common_UBL_xmldsig_core_schema_2_1_xsd_end[];
extern const unsigned char settle_ubl_maindoc_UBL_CreditNote_2_1_xsd_start[];
extern const unsigned char settle_ubl_maindoc_UBL_CreditNote_2_1_xsd_end[];
extern const unsigned char settle_ubl_maindoc_UBL_Invoice_2_1_xsd_start[];
extern const unsigned char settle_ubl_maindoc_UBL_Invoice_2_1_xsd_end[];

#define FILE(path, name) { path, name##_start, name##_end }
static const struct { const char *path; const unsigned char *start; const unsigned char *end; } files[] = {
    FILE("common/CCTS_CCT_SchemaModule-2.1.xsd", settle_ubl_common_CCTS_CCT_SchemaModule_2_1_xsd),
    FILE("common/UBL-CommonAggregateComponents-2.1.xsd", settle_ubl_common_UBL_CommonAggregateComponents_2_1_xsd),
    FILE("common/UBL-CommonBasicComponents-2.1.xsd", settle_ubl_common_UBL_CommonBasicComponents_2_1_xsd),
    FILE("common/UBL-CommonExtensionComponents-2.1.xsd", settle_ubl_common_UBL_CommonExtensionComponents_2_1_xsd),
    FILE("common/UBL-CommonSignatureComponents-2.1.xsd", settle_ubl_common_UBL_CommonSignatureComponents_2_1_xsd),
    FILE("common/UBL-CoreComponentParameters-2.1.xsd", settle_ubl_common_UBL_CoreComponentParameters_2_1_xsd),
    FILE("common/UBL-ExtensionContentDataType-2.1.xsd", settle_ubl_common_UBL_ExtensionContentDataType_2_1_xsd),
    FILE("common/UBL-QualifiedDataTypes-2.1.xsd", settle_ubl_common_UBL_QualifiedDataTypes_2_1_xsd),
    FILE("common/UBL-SignatureAggregateComponents-2.1.xsd", settle_ubl_common_UBL_SignatureAggregateComponents_2_1_xsd),
    FILE("common/UBL-SignatureBasicComponents-2.1.xsd", settle_ubl_common_UBL_SignatureBasicComponents_2_1_xsd),
    FILE("common/UBL-UnqualifiedDataTypes-2.1.xsd", settle_ubl_common_UBL_UnqualifiedDataTypes_2_1_xsd),
    FILE("common/UBL-XAdESv132-2.1.xsd", settle_ubl_common_UBL_XAdESv132_2_1_xsd),
    FILE("common/UBL-XAdESv141-2.1.xsd", settle_ubl_common_UBL_XAdESv141_2_1_xsd),
    FILE("common/UBL-xmldsig-core-schema-2.1.xsd", settle_ubl_common_UBL_xmldsig_core_schema_2_1_xsd),
    FILE("maindoc/UBL-CreditNote-2.1.xsd", settle_ubl_maindoc_UBL_CreditNote_2_1_xsd),
    FILE("maindoc/UBL-Invoice-2.1.xsd", settle_ubl_maindoc_UBL_Invoice_2_1_xsd),
};

size_t settle_ubl_file_count(void) { return sizeof files / sizeof files[0]; }

const unsigned char *settle_ubl_file(size_t index, const char **path, size_t *count) {
    if (index >= settle_ubl_file_count()) return NULL;
    *path = files[index].path;
    *count = (size_t)(files[index].end - files[index].start);
    return files[index].start;
}
