/*
 * test_recstore.c - the analysis's record store: records copied whole
 * (values with NULs inside lists, the cleared field after the last), names
 * kept once while the table has room and copied after, the bounds.
 */
#include "ipk_test.h"
#include "analyze/recstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(test_copy)
{
	struct ipk_recstore st;
	char name[16], member[32];
	static const char list[] = "a\0bc\0";
	struct ipk_field f[3] = {
		{ NULL, "4624", 4, IPK_V_INT, 1 },
		{ NULL, list, sizeof(list) - 1, IPK_V_LIST, 2 },
		{ NULL, "", 0, IPK_V_STR, 1 },
	};
	struct ipk_record rec = { "event", member, 7, 3, f };
	const struct ipk_record *a, *b;

	ipk_recstore_init(&st);
	/* The names live in buffers the parser reuses: the store copies them. */
	strcpy(member, "Security.evtx");
	snprintf(name, sizeof(name), "EventID");
	f[0].name = "EventID";
	f[1].name = "List";
	f[2].name = name;
	a = ipk_recstore_add(&st, &rec);
	ck_assert_ptr_nonnull(a);
	strcpy(member, "changed");
	strcpy(name, "changed");
	ck_assert_str_eq(a->kind, "event");
	ck_assert_str_eq(a->member, "Security.evtx");
	ck_assert_uint_eq(a->line, 7);
	ck_assert_uint_eq(a->nfields, 3);
	ck_assert_str_eq(a->fields[0].name, "EventID");
	ck_assert_str_eq(a->fields[0].value, "4624");
	ck_assert_int_eq(a->fields[0].type, IPK_V_INT);
	ck_assert_uint_eq(a->fields[1].len, 5);
	ck_assert_int_eq(memcmp(a->fields[1].value, "a\0bc\0", 6), 0);
	ck_assert_uint_eq(a->fields[1].nitems, 2);
	ck_assert_str_eq(a->fields[2].name, "EventID");
	ck_assert_str_eq(a->fields[2].value, "");
	ck_assert_ptr_null(a->fields[3].name);   /* the cleared one */

	/* A second record: same names, one copy of each. */
	strcpy(member, "Security.evtx");
	f[0].value = "4625";
	b = ipk_recstore_add(&st, &rec);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_eq(b->member, a->member);
	ck_assert_ptr_eq(b->kind, a->kind);
	ck_assert_ptr_eq(b->fields[0].name, a->fields[0].name);
	ck_assert_str_eq(b->fields[0].value, "4625");
	ck_assert_str_eq(a->fields[0].value, "4624");
	ck_assert_uint_eq(st.n, 2);
	ipk_recstore_free(&st);
}
END_TEST

/*
 * A hostile log with more distinct field names than the table holds: every
 * record still carries its own names; past the table they are copied.
 */
START_TEST(test_many_names)
{
	struct ipk_recstore st;
	struct ipk_field f = { NULL, "v", 1, IPK_V_STR, 1 };
	struct ipk_record rec = { "event", "x.evtx", 1, 1, &f };
	char name[300];
	size_t i;

	ipk_recstore_init(&st);
	for (i = 0; i < 10000; i++) {
		snprintf(name, sizeof(name), "Field%zu", i);
		f.name = name;
		rec.line = i;
		ck_assert_ptr_nonnull(ipk_recstore_add(&st, &rec));
	}
	/* A name longer than the table takes. */
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ck_assert_ptr_nonnull(ipk_recstore_add(&st, &rec));
	ck_assert_uint_eq(st.n, 10001);
	for (i = 0; i < 10000; i++) {
		char want[32];

		snprintf(want, sizeof(want), "Field%zu", i);
		ck_assert_str_eq(st.recs[i].fields[0].name, want);
		ck_assert_uint_eq(st.recs[i].line, i);
	}
	ck_assert_str_eq(st.recs[10000].fields[0].name, name);
	/* The early names were kept once: the same pointer on a repeat. */
	snprintf(name, sizeof(name), "Field%d", 5);
	ck_assert_ptr_eq(ipk_recstore_add(&st, &rec)->fields[0].name,
	    st.recs[5].fields[0].name);
	ipk_recstore_free(&st);
}
END_TEST

/* A value larger than the store's bound is dropped and counted. */
START_TEST(test_bound)
{
	struct ipk_recstore st;
	struct ipk_field f = { "Big", "", (size_t)IPK_MAX_STORED_BYTES, IPK_V_STR,
	    1 };
	struct ipk_record rec = { "event", "x.evtx", 1, 1, &f };

	ipk_recstore_init(&st);
	ck_assert_ptr_null(ipk_recstore_add(&st, &rec));
	ck_assert_uint_eq(st.dropped, 1);
	ck_assert_uint_eq(st.n, 0);
	ipk_recstore_free(&st);
}
END_TEST

static Suite *
recstore_suite(void)
{
	Suite *s = suite_create("recstore");
	TCase *tc = tcase_create("recstore");

	tcase_add_test(tc, test_copy);
	tcase_add_test(tc, test_many_names);
	tcase_add_test(tc, test_bound);
	suite_add_tcase(s, tc);
	return s;
}

IPK_TEST_MAIN(recstore_suite)
