/* The content-stream lexer (PDF 32000-1 §7.2, §8.9.7): every kind of token,
 * inline image data, and malformed input that must end the stream. */
#include "bs_test.h"

#include "finish_internal.h"

#include <math.h>

/* Lex `n` bytes into tokens[]; returns how many came before END (which is
 * not stored). Stops after `max`, so a lexer that loops fails the test. */
static size_t lex(const char *data, size_t n, bs_token *tokens, size_t max)
{
    bs_lexer lx;
    bs_lexer_init(&lx, data, n);
    for (size_t i = 0; i < max; i++) {
        bs_token t = bs_lexer_next(&lx);
        if (t.kind == BS_TOK_END) return i;
        tokens[i] = t;
    }
    fail_msg("the lexer did not reach the end of %zu bytes in %zu tokens", n, max);
    return max;
}

static size_t lexs(const char *text, bs_token *tokens, size_t max)
{
    return lex(text, strlen(text), tokens, max);
}

static void assert_text(const bs_token *t, bs_tok_kind kind, const char *text)
{
    assert_int_equal(t->kind, kind);
    assert_int_equal(t->len, strlen(text));
    assert_memory_equal(t->start, text, t->len);
}

static void assert_number(const bs_token *t, double value)
{
    assert_int_equal(t->kind, BS_TOK_NUMBER);
    assert_true(fabs(t->number - value) < 1e-12);
}

static void test_numbers(void **state)
{
    (void)state;
    bs_token t[16];
    assert_int_equal(lexs("1 -2 +3.5 .25 -.5 4. 0.0 007 123456.789", t, 16), 9);
    double want[] = {1, -2, 3.5, 0.25, -0.5, 4, 0, 7, 123456.789};
    for (size_t i = 0; i < 9; i++) assert_number(&t[i], want[i]);
    /* not numbers: keywords, as a reader takes them */
    assert_int_equal(lexs("1.2.3 - +", t, 16), 3);
    for (size_t i = 0; i < 3; i++) assert_int_equal(t[i].kind, BS_TOK_KEYWORD);
    /* a number ends at a delimiter */
    assert_int_equal(lexs("5(a)6/N", t, 16), 4);
    assert_number(&t[0], 5);
    assert_text(&t[1], BS_TOK_STRING, "(a)");
    assert_number(&t[2], 6);
    assert_text(&t[3], BS_TOK_NAME, "/N");
}

static void test_names_and_keywords(void **state)
{
    (void)state;
    bs_token t[16];
    assert_int_equal(lexs("/F1 12 Tf /A#20B/C / T* ' \" true", t, 16), 10);
    assert_text(&t[0], BS_TOK_NAME, "/F1");
    assert_number(&t[1], 12);
    assert_text(&t[2], BS_TOK_KEYWORD, "Tf");
    assert_text(&t[3], BS_TOK_NAME, "/A#20B");
    assert_text(&t[4], BS_TOK_NAME, "/C");
    assert_text(&t[5], BS_TOK_NAME, "/");
    assert_true(bs_token_is(&t[6], "T*"));
    assert_true(bs_token_is(&t[7], "'"));
    assert_true(bs_token_is(&t[8], "\""));
    assert_true(bs_token_is(&t[9], "true"));
    assert_false(bs_token_is(&t[9], "tru"));
    assert_false(bs_token_is(&t[0], "F1"));   /* a name is not a keyword */
}

static void test_strings(void **state)
{
    (void)state;
    bs_token t[8];
    /* balanced parentheses nest; escaped ones do not count */
    assert_int_equal(lexs("(a (b (c)) \\) \\( \\\\) Tj", t, 8), 2);
    assert_text(&t[0], BS_TOK_STRING, "(a (b (c)) \\) \\( \\\\)");
    assert_true(bs_token_is(&t[1], "Tj"));
    /* octal escapes, a line continuation, bytes above 127 */
    assert_int_equal(lexs("(\\101\\12\\\n\xe4\xb8\xad)", t, 8), 1);
    assert_text(&t[0], BS_TOK_STRING, "(\\101\\12\\\n\xe4\xb8\xad)");
    assert_int_equal(lexs("()", t, 8), 1);
    assert_text(&t[0], BS_TOK_STRING, "()");
}

static void test_hex_strings(void **state)
{
    (void)state;
    bs_token t[8];
    assert_int_equal(lexs("<48656C6c6F> <> < 41 42\n43 >", t, 8), 3);
    assert_text(&t[0], BS_TOK_HEXSTRING, "<48656C6c6F>");
    assert_text(&t[1], BS_TOK_HEXSTRING, "<>");
    assert_text(&t[2], BS_TOK_HEXSTRING, "< 41 42\n43 >");
}

static void test_arrays_and_dicts(void **state)
{
    (void)state;
    bs_token t[32];
    assert_int_equal(lexs("[(a)-250<0001>3]TJ", t, 32), 7);
    assert_int_equal(t[0].kind, BS_TOK_ARRAY_OPEN);
    assert_text(&t[1], BS_TOK_STRING, "(a)");
    assert_number(&t[2], -250);
    assert_text(&t[3], BS_TOK_HEXSTRING, "<0001>");
    assert_number(&t[4], 3);
    assert_int_equal(t[5].kind, BS_TOK_ARRAY_CLOSE);
    assert_true(bs_token_is(&t[6], "TJ"));

    assert_int_equal(lexs("/P <</MCID 3 /Sub<</A[1 2]>>>> BDC", t, 32), 14);
    bs_tok_kind want[] = {BS_TOK_NAME,   BS_TOK_DICT_OPEN,  BS_TOK_NAME,       BS_TOK_NUMBER,
                          BS_TOK_NAME,   BS_TOK_DICT_OPEN,  BS_TOK_NAME,       BS_TOK_ARRAY_OPEN,
                          BS_TOK_NUMBER, BS_TOK_NUMBER,     BS_TOK_ARRAY_CLOSE, BS_TOK_DICT_CLOSE,
                          BS_TOK_DICT_CLOSE, BS_TOK_KEYWORD};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) assert_int_equal(t[i].kind, want[i]);
}

static void test_comments_and_white_space(void **state)
{
    (void)state;
    bs_token t[8];
    assert_int_equal(lexs("% a comment (not a string\n1%another\r2 %last", t, 8), 2);
    assert_number(&t[0], 1);
    assert_number(&t[1], 2);
    assert_int_equal(lexs("", t, 8), 0);
    assert_int_equal(lexs(" \t\r\n\f % only a comment", t, 8), 0);
    /* NUL is white space too */
    const char nul[] = {'1', '\0', '2'};
    assert_int_equal(lex(nul, sizeof nul, t, 8), 2);
    assert_number(&t[1], 2);
    /* a comment inside a string is part of the string */
    assert_int_equal(lexs("(50% off)", t, 8), 1);
    assert_text(&t[0], BS_TOK_STRING, "(50% off)");
}

static void test_inline_image(void **state)
{
    (void)state;
    bs_token t[32];
    /* 12 bytes of binary data holding "EI" three ways: inside bytes, at a
     * white-space edge, and standing alone between white space but followed
     * by more binary data. Only the EI followed by content ends it. */
    const char content[] = "q BI /W 3 /H 1 /BPC 8 /CS /RGB ID "
                           "\x01" "EI" "\x80" " EI\x01" " EI \xff\xfe\x7f"
                           "\nEI Q 1 0 0 1 0 0 cm";
    const char data[] = "\x01" "EI" "\x80" " EI\x01" " EI \xff\xfe\x7f";
    size_t n = lex(content, sizeof content - 1, t, 32);
    assert_int_equal(n, 21);
    assert_true(bs_token_is(&t[1], "BI"));
    assert_true(bs_token_is(&t[10], "ID"));
    assert_int_equal(t[11].kind, BS_TOK_INLINE_DATA);
    assert_int_equal(t[11].len, sizeof data - 1);
    assert_memory_equal(t[11].start, data, sizeof data - 1);
    assert_true(bs_token_is(&t[12], "EI"));
    assert_true(bs_token_is(&t[13], "Q"));
    assert_true(bs_token_is(&t[20], "cm"));

    /* data that is all text: the first lone EI ends it */
    assert_int_equal(lexs("BI /W 1 /H 1 /F /AHx ID 0a> EI Q", t, 32), 11);
    assert_text(&t[8], BS_TOK_INLINE_DATA, "0a>");
    assert_true(bs_token_is(&t[9], "EI"));

    /* binary to the end of the stream: the only EI candidate is taken */
    const char tail[] = "ID \x90 EI \x91";
    assert_int_equal(lex(tail, sizeof tail - 1, t, 32), 4);
    assert_int_equal(t[1].kind, BS_TOK_INLINE_DATA);
    assert_text(&t[1], BS_TOK_INLINE_DATA, "\x90");
    assert_true(bs_token_is(&t[2], "EI"));
    assert_text(&t[3], BS_TOK_KEYWORD, "\x91");
}

/* Malformed input gives one BS_TOK_ERROR and then the end: never a loop. */
static void assert_malformed(const char *text, size_t tokens_before)
{
    bs_token t[16];
    size_t n = lexs(text, t, 16);
    assert_int_equal(n, tokens_before + 1);
    assert_int_equal(t[tokens_before].kind, BS_TOK_ERROR);
}

static void test_malformed(void **state)
{
    (void)state;
    assert_malformed("(unterminated", 0);
    assert_malformed("1 (a (b) c", 1);
    assert_malformed("(ends in a backslash\\", 0);
    assert_malformed("<4142", 0);
    assert_malformed("<41zz> Tj", 0);
    assert_malformed("2 > 3", 1);
    assert_malformed("q ) Q", 1);
    assert_malformed("{ 1 }", 0);
    assert_malformed("BI /W 1 ID \x01\x02\x03", 4);   /* no EI */

    /* after an error the lexer stays at the end */
    bs_lexer lx;
    bs_lexer_init(&lx, "(x", 2);
    assert_int_equal(bs_lexer_next(&lx).kind, BS_TOK_ERROR);
    for (int i = 0; i < 3; i++) assert_int_equal(bs_lexer_next(&lx).kind, BS_TOK_END);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_names_and_keywords),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_hex_strings),
        cmocka_unit_test(test_arrays_and_dicts),
        cmocka_unit_test(test_comments_and_white_space),
        cmocka_unit_test(test_inline_image),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
