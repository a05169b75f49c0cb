/*
 * cm_enc.h - turning the bytes of a Windows text file into UTF-8.
 *
 * Windows console tools write in the host's OEM code page, WMIC and
 * PowerShell write UTF-16LE, newer tools UTF-8, and a package mixes them.
 * cm_enc_detect() guesses the encoding of a buffer in this order:
 *   1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
 *   2. UTF-16 without BOM: many NUL bytes at odd (LE) or even (BE) offsets;
 *   3. valid UTF-8 (plain ASCII is reported as UTF-8);
 *   4. Shift-JIS (CP932) when the high bytes pair up into kana and kanji;
 *   5. otherwise the single-byte code page (OEM 437, OEM 850, Windows-1252)
 *      under which the high bytes read most like words.
 * cm_enc_decode() converts; a caller may force the code page instead.
 * Code pages are named by their Windows numbers (as libyal does).
 *
 * The output is always valid UTF-8 without NUL bytes: every byte sequence
 * that is invalid in the source encoding, and every NUL, becomes U+FFFD and
 * is counted, so no input can make a parser see broken text.
 */
#ifndef CM_ENC_H
#define CM_ENC_H

#include <stddef.h>

#include "cm_buf.h"

enum cm_codepage {
	CM_CP_DETECT = 0,
	CM_CP_437 = 437,       /* OEM United States */
	CM_CP_850 = 850,       /* OEM Multilingual Latin 1 */
	CM_CP_932 = 932,       /* Shift-JIS (Windows) */
	CM_CP_1200 = 1200,     /* UTF-16LE */
	CM_CP_1201 = 1201,     /* UTF-16BE */
	CM_CP_1252 = 1252,     /* ANSI Latin 1 */
	CM_CP_UTF8 = 65001
};

struct cm_enc_info {
	int codepage;          /* the code page used */
	int detected;          /* 1 if detected, 0 if forced */
	int bom;               /* 1 if a byte order mark was present */
	size_t invalid;        /* sequences replaced by U+FFFD */
	size_t first_invalid;  /* byte offset of the first one */
};

/* Guesses the code page of p[0..n); *bom is set to the BOM length (or 0). */
int cm_enc_detect(const unsigned char *p, size_t n, size_t *bom);

/*
 * Appends the UTF-8 text of p[0..n) to out.  codepage is CM_CP_DETECT or a
 * code page number; numbers without a built-in table (932 and others) use
 * iconv where the platform has it.  info may be NULL.
 * Returns CM_OK; CM_WARN if sequences were replaced; CM_FAILED if out's cap
 * was reached (out then holds the text decoded so far) or the code page is
 * unknown to this platform.
 */
int cm_enc_decode(const unsigned char *p, size_t n, int codepage,
    struct cm_buf *out, struct cm_enc_info *info);

/*
 * "utf-8", "utf-16le", "cp850"... for a code page number: a constant for
 * the code pages with a name, else "cp<number>" written into out (so it is
 * safe from several threads).
 */
const char *cm_cp_format(int codepage, char out[16]);

/*
 * Parses a code page given by a user: a number ("850"), "cp850", "utf-8",
 * "utf8", "utf-16le", "utf-16be", "shift-jis", "sjis", "windows-1252",
 * "latin1".  Returns the number, or -1 if it is not understood.
 */
int cm_cp_parse(const char *s);

/* Appends the UTF-8 encoding of one code point (U+FFFD if invalid). */
int cm_utf8_put(struct cm_buf *out, unsigned long cp);
/*
 * Appends units UTF-16LE code units at p as UTF-8 (pairs joined, a lone
 * surrogate as U+FFFD; NUL units are kept).  CM_FAILED past the buffer's limit.
 */
int cm_utf16le_append(struct cm_buf *out, const unsigned char *p,
    size_t units);

/*
 * Decodes one UTF-8 sequence at p[0..n).  Returns its length (1-4) and sets
 * *cp, or 0 if the sequence is invalid, overlong, a surrogate or truncated.
 */
size_t cm_utf8_get(const unsigned char *p, size_t n, unsigned long *cp);

/* Upper halves of the built-in single-byte tables (cm_cptables.c). */
extern const unsigned short cm_cp437_high[128];
extern const unsigned short cm_cp850_high[128];
extern const unsigned short cm_cp1252_high[128];

#endif
