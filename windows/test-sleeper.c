/* A stand-in for a running chitieu-app.exe in the installer test
 * (windows/test-installer.sh): a process that stays up (10 minutes at most)
 * under the app's name, so the installer's "the program is running" paths
 * can be tested under wine, where the real app ends at once (no WebView2). */
#include <windows.h>

int main(void)
{
    Sleep(600000);
    return 0;
}
