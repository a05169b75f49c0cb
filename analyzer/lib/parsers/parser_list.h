/*
 * parser_list.h - every parser, once: X(name) for ipk_parser_<name> in
 * parsers/<name>.c.  Order matters only for ties between content probes.
 * (No include guard: included once per use with a different X.)
 */
X(arp)
