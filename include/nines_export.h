/*
 * nines_export.h - NINES_API, the mark of a public libnines function.
 *
 * Every function declared in the public headers (include/) carries
 * NINES_API. The shared library is compiled with -fvisibility=hidden, so
 * it exports these and nothing else: the functions that src/ shares between its own files
 * (internal headers, no NINES_API) stay inside the library, as Lua keeps
 * its LUAI_FUNC functions out of the API that LUA_API marks. The static
 * library keeps every symbol (the tests call internal functions).
 */
#ifndef NINES_EXPORT_H
#define NINES_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define NINES_API __attribute__((visibility("default")))
#else
#define NINES_API
#endif

#endif
