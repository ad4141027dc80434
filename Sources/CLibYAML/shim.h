#ifndef SETTLE_CLIBYAML_SHIM_H
#define SETTLE_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
