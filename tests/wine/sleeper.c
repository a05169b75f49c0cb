/*
 * sleeper.c - a helper process for tests/wine/e2e.sh: sleeps for the
 * number of seconds given as its first argument, so the collector finds it
 * running with its whole command line (e.g. "sleeper.exe 120 --marker
 * IRMARKER_42").  Built with x86_64-w64-mingw32-gcc by e2e.sh.
 */
#include <windows.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	long secs = argc > 1 ? strtol(argv[1], NULL, 10) : 60;

	if (secs < 1 || secs > 3600)
		secs = 60;
	Sleep((DWORD)secs * 1000);
	return 0;
}
