#ifndef TLDROP_CARCHIVE_SHIM_H
#define TLDROP_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>

// File-type constants are macros with casts, which Swift does not import.
static const unsigned int tldrop_ae_ifreg = AE_IFREG;
static const unsigned int tldrop_ae_ifdir = AE_IFDIR;
static const unsigned int tldrop_ae_iflnk = AE_IFLNK;
#endif
