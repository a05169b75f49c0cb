/*
 * test_enc.c - encoding detection and decoding (common/cm_enc.c): every
 * encoding a package holds, and broken input that must come out as valid
 * UTF-8 with the damage counted.
 */
#include "ipk_test.h"
#include "cm_enc.h"

#include <stdlib.h>
#include <string.h>

static char *
dec(const void *p, size_t n, int cp, struct cm_enc_info *info)
{
	struct cm_buf b;

	cm_buf_init(&b, 1 << 20);
	cm_enc_decode(p, n, cp, &b, info);
	return cm_buf_detach(&b, NULL);
}

START_TEST(test_bom)
{
	struct cm_enc_info info;
	char *s;

	s = dec("\xEF\xBB\xBFh\xC3\xA9", 6, 0, &info);
	ck_assert_str_eq(s, "h\xC3\xA9");
	ck_assert_int_eq(info.codepage, CM_CP_UTF8);
	ck_assert_int_eq(info.bom, 1);
	free(s);
	s = dec("\xFF\xFEh\0\xE9\0", 6, 0, &info);
	ck_assert_str_eq(s, "h\xC3\xA9");
	ck_assert_int_eq(info.codepage, CM_CP_1200);
	free(s);
	s = dec("\xFE\xFF\0h\0\xE9", 6, 0, &info);
	ck_assert_str_eq(s, "h\xC3\xA9");
	ck_assert_int_eq(info.codepage, CM_CP_1201);
	ck_assert_uint_eq(info.invalid, 0);
	free(s);
}
END_TEST

START_TEST(test_utf16_without_bom)
{
	static const char le[] = "H\0o\0s\0t\0 \0N\0a\0m\0e\0:\0 \0P\0C\0";
	static const char be[] = "\0H\0o\0s\0t\0 \0N\0a\0m\0e\0:\0 \0P\0C";
	struct cm_enc_info info;
	char *s;

	s = dec(le, sizeof(le) - 1, 0, &info);
	ck_assert_str_eq(s, "Host Name: PC");
	ck_assert_int_eq(info.codepage, CM_CP_1200);
	ck_assert_int_eq(info.bom, 0);
	free(s);
	s = dec(be, sizeof(be) - 1, 0, &info);
	ck_assert_str_eq(s, "Host Name: PC");
	ck_assert_int_eq(info.codepage, CM_CP_1201);
	free(s);
	/* ASCII of even length must not be taken for UTF-16. */
	s = dec("abcd", 4, 0, &info);
	ck_assert_int_eq(info.codepage, CM_CP_UTF8);
	free(s);
}
END_TEST

START_TEST(test_legacy_pages)
{
	/* French console text in CP850: "Tâche à exécuter" (â=83 à=85 é=82). */
	static const char fr850[] = "T\x83" "che \x85 ex\x82" "cuter;"
	    " R\x82pertoire de C:\\Users";
	/* The same words in Windows-1252 (â=E2 à=E0 é=E9). */
	static const char fr1252[] = "T\xE2" "che \xE0 ex\xE9" "cuter;"
	    " R\xE9pertoire de C:\\Users";
	/* Japanese in CP932: "指定されたパスが見つかりません。" */
	static const char ja932[] = "\x8e\x77\x92\xe8\x82\xb3\x82\xea\x82\xbd"
	    "\x83\x70\x83\x58\x82\xaa\x8c\xa9\x82\xc2\x82\xa9\x82\xe8\x82\xdc"
	    "\x82\xb9\x82\xf1\x81\x42";
	/* CP437 box drawing is rare; English "caf\x82" decodes the same. */
	struct cm_enc_info info;
	char *s;

	s = dec(fr850, sizeof(fr850) - 1, 0, &info);
	ck_assert_int_eq(info.codepage, CM_CP_850);
	ck_assert_str_eq(s, "T\xC3\xA2" "che \xC3\xA0 ex\xC3\xA9" "cuter;"
	    " R\xC3\xA9pertoire de C:\\Users");
	ck_assert_int_eq(info.detected, 1);
	free(s);
	s = dec(fr1252, sizeof(fr1252) - 1, 0, &info);
	ck_assert_int_eq(info.codepage, CM_CP_1252);
	ck_assert_str_eq(s, "T\xC3\xA2" "che \xC3\xA0 ex\xC3\xA9" "cuter;"
	    " R\xC3\xA9pertoire de C:\\Users");
	free(s);
	/* German console text in CP850 ("ü" = 0x81) is not Shift-JIS. */
	s = dec("Vorgang ausgef\x81hrt von j\x81rgen; Gr\x94\xe1" "e", 36, 0,
	    &info);
	ck_assert_int_eq(info.codepage, CM_CP_850);
	ck_assert_str_eq(s, "Vorgang ausgef\xC3\xBChrt von j\xC3\xBCrgen; "
	    "Gr\xC3\xB6\xC3\x9F" "e");
	free(s);
	s = dec(ja932, sizeof(ja932) - 1, 0, &info);
	ck_assert_int_eq(info.codepage, CM_CP_932);
	ck_assert_str_eq(s, "\xe6\x8c\x87\xe5\xae\x9a\xe3\x81\x95\xe3\x82\x8c"
	    "\xe3\x81\x9f\xe3\x83\x91\xe3\x82\xb9\xe3\x81\x8c\xe8\xa6\x8b\xe3"
	    "\x81\xa4\xe3\x81\x8b\xe3\x82\x8a\xe3\x81\xbe\xe3\x81\x9b\xe3\x82"
	    "\x93\xe3\x80\x82");
	free(s);
}
END_TEST

START_TEST(test_forced)
{
	struct cm_enc_info info;
	char *s;

	/* 0x82 forced as CP437 is é; as CP1252 it is a low quote U+201A. */
	s = dec("\x82", 1, 437, &info);
	ck_assert_str_eq(s, "\xC3\xA9");
	ck_assert_int_eq(info.detected, 0);
	free(s);
	s = dec("\x82", 1, 1252, &info);
	ck_assert_str_eq(s, "\xE2\x80\x9A");
	free(s);
	ck_assert_int_eq(cm_cp_parse("cp850"), 850);
	ck_assert_int_eq(cm_cp_parse("Shift-JIS"), 932);
	ck_assert_int_eq(cm_cp_parse("utf-16le"), 1200);
	ck_assert_int_eq(cm_cp_parse("65001"), 65001);
	ck_assert_int_eq(cm_cp_parse("klingon"), -1);
	ck_assert_int_eq(cm_cp_parse("cp"), -1);
}
END_TEST

START_TEST(test_broken_input)
{
	/* Lone surrogates, an odd trailing byte, NULs, bad UTF-8. */
	static const char u16[] = "\xFF\xFE" "a\0" "\x00\xD8" "b\0" "\x00\xDC"
	    "\0\0" "c";
	struct cm_enc_info info;
	char *s;
	int rc;
	struct cm_buf b;

	s = dec(u16, sizeof(u16) - 1, 0, &info);
	ck_assert_str_eq(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	ck_assert_uint_eq(info.invalid, 4);
	ck_assert_uint_eq(info.first_invalid, 4);
	free(s);
	s = dec("ok\xC3(\xF5\x80\x80\x80", 8, CM_CP_UTF8, &info);
	ck_assert_str_eq(s, "ok\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	    "\xEF\xBF\xBD");
	ck_assert_uint_eq(info.invalid, 5);
	free(s);
	/* The output cap is honoured and reported. */
	cm_buf_init(&b, 4);
	rc = cm_enc_decode((const unsigned char *)"abcdefgh", 8, CM_CP_UTF8, &b,
	    NULL);
	ck_assert_int_eq(rc, CM_FAILED);
	ck_assert_uint_le(b.len, 4);
	cm_buf_free(&b);
}
END_TEST

START_TEST(test_utf8_codec)
{
	unsigned long cp;
	struct cm_buf b;

	ck_assert_uint_eq(cm_utf8_get((const unsigned char *)"\xF0\x9F\x98\x80",
	    4, &cp), 4);
	ck_assert_uint_eq(cp, 0x1F600);
	ck_assert_uint_eq(cm_utf8_get((const unsigned char *)"\xC0\x80", 2, &cp),
	    0);   /* overlong NUL */
	ck_assert_uint_eq(cm_utf8_get((const unsigned char *)"\xED\xA0\x80", 3,
	    &cp), 0);   /* surrogate */
	cm_buf_init(&b, 64);
	cm_utf8_put(&b, 0x20AC);
	cm_utf8_put(&b, 0xD800);
	ck_assert_str_eq(cm_buf_str(&b), "\xE2\x82\xAC\xEF\xBF\xBD");
	cm_buf_free(&b);
}
END_TEST

/* cm_utf16le_append: ASCII fast path, pairs, lone surrogates, the limit. */
START_TEST(test_utf16le_append)
{
	/* "C:\xE9" + U+1F600 (pair) + lone high + lone low + 'x' */
	static const unsigned char in[] = {
		'C', 0, ':', 0, 0xE9, 0, 0x3D, 0xD8, 0x00, 0xDE,
		0x00, 0xD8, 'x', 0, 0x00, 0xDC, 'y', 0
	};
	struct cm_buf b;

	cm_buf_init(&b, 1024);
	ck_assert_int_eq(cm_utf16le_append(&b, in, sizeof(in) / 2), CM_OK);
	ck_assert_str_eq(cm_buf_str(&b), "C:\xC3\xA9\xF0\x9F\x98\x80"
	    "\xEF\xBF\xBDx\xEF\xBF\xBDy");
	/* A high surrogate as the last unit. */
	cm_buf_reset(&b);
	ck_assert_int_eq(cm_utf16le_append(&b, in + 10, 1), CM_OK);
	ck_assert_str_eq(cm_buf_str(&b), "\xEF\xBF\xBD");
	/* Appends after what is there. */
	cm_buf_reset(&b);
	cm_buf_adds(&b, ">");
	ck_assert_int_eq(cm_utf16le_append(&b, in, 2), CM_OK);
	ck_assert_str_eq(cm_buf_str(&b), ">C:");
	cm_buf_free(&b);

	/*
	 * A buffer limited to 4 bytes: no room for the worst case (3 a unit),
	 * so the unit-by-unit path runs, fills it and fails past it.
	 */
	cm_buf_init(&b, 4);
	ck_assert_int_eq(cm_utf16le_append(&b, in, 2), CM_OK);
	ck_assert_str_eq(cm_buf_str(&b), "C:");
	ck_assert_int_eq(cm_utf16le_append(&b, in, 4), CM_FAILED);
	ck_assert_uint_le(b.len, 4);
	ck_assert_uint_eq(strlen(cm_buf_str(&b)), b.len);
	cm_buf_free(&b);
}
END_TEST

static Suite *
enc_suite(void)
{
	Suite *s = suite_create("enc");
	TCase *tc = tcase_create("enc");

	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_utf16_without_bom);
	tcase_add_test(tc, test_legacy_pages);
	tcase_add_test(tc, test_forced);
	tcase_add_test(tc, test_broken_input);
	tcase_add_test(tc, test_utf8_codec);
	tcase_add_test(tc, test_utf16le_append);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(enc_suite)
