#ifndef SETTLE_CLIBXML2_SHIM_H
#define SETTLE_CLIBXML2_SHIM_H
/* Debian's libxml2 headers pull in ICU, whose types clash with Foundation's copy
   ("'UErrorCode' has different definitions in different modules"). Settle never uses libxml2's
   ICU support, so it is switched off before the headers that would include it. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#endif
