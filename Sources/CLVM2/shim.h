#ifndef DISKLESSD_CLVM2_SHIM_H
#define DISKLESSD_CLVM2_SHIM_H
#include <lvm2cmd.h>
#endif
