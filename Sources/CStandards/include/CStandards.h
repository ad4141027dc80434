#ifndef SETTLE_CSTANDARDS_H
#define SETTLE_CSTANDARDS_H

#include <stddef.h>

/// How many UBL 2.1 XSD files are built in (maindoc/ and common/).
size_t settle_ubl_file_count(void);

/// The bytes of built-in file `index`, its path under UBL-2.1/ (`maindoc/UBL-Invoice-2.1.xsd`) and
/// its length; NULL when `index` is out of range. The bytes live as long as the program.
const unsigned char *settle_ubl_file(size_t index, const char **path, size_t *count);

#endif
