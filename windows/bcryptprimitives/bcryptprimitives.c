/*
 * A stand-in for Windows' bcryptprimitives.dll, for running chitieu's
 * Windows build under wine 8.0 (Debian 12), which lacks that DLL. Programs
 * built by Rust >= 1.78 load it at start for ProcessPrng (their source of
 * random numbers, e.g. for HashMap keys) and exit with status 53 when it is
 * missing. This one implements ProcessPrng over RtlGenRandom
 * (SystemFunction036 in advapi32), which wine has. It is only ever copied into
 * the wine prefix under target/windows/wine: the installer never ships it,
 * and real Windows (8.1 and later) has its own.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance; (void)reason; (void)reserved;
    return TRUE;
}
