#ifndef TLDROP_CARCHIVE_SHIM_H
#define TLDROP_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#endif
