/* SwiftPM drops the -D flags from ncursesw's pkg-config file, and without them the wide-character
   API (cchar_t, get_wch, add_wch) is not declared, so the shim defines NCURSES_WIDECHAR itself. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncurses.h>

/* Macros and C globals that do not import into Swift, wrapped as functions. */
static inline WINDOW *nc_stdscr(void) { return stdscr; }
static inline void nc_getmaxyx(WINDOW *w, int *y, int *x) { int a, b; getmaxyx(w, a, b); *y = a; *x = b; }
static inline attr_t nc_a_bold(void) { return A_BOLD; }
static inline attr_t nc_a_reverse(void) { return A_REVERSE; }
static inline attr_t nc_a_dim(void) { return A_DIM; }
static inline attr_t nc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t nc_a_normal(void) { return A_NORMAL; }
static inline int nc_key_f(int n) { return KEY_F(n); }
static inline mmask_t nc_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t nc_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t nc_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t nc_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t nc_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline int nc_put_wch(int y, int x, wchar_t ch, attr_t a, short pair) {
    cchar_t cc;
    wchar_t wc[2] = { ch, 0 };
    setcchar(&cc, wc, a, pair, NULL);
    return mvadd_wch(y, x, &cc);
}

/* Mouse masks for the front end's decoder. Presses of buttons 4 and 5 are the wheel (NCURSES_MOUSE_VERSION 2). */
static inline mmask_t nc_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t nc_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t nc_button2_released(void) { return BUTTON2_RELEASED; }
static inline mmask_t nc_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t nc_button3_released(void) { return BUTTON3_RELEASED; }
static inline mmask_t nc_button2_clicked(void) { return BUTTON2_CLICKED; }
static inline mmask_t nc_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t nc_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }

/* The colour globals, read after start_color(). */
static inline int nc_colors(void) { return COLORS; }
static inline int nc_color_pairs(void) { return COLOR_PAIRS; }

/* Like nc_put_wch, but with an int colour pair so pairs above 32767 and extended colours work. */
static inline int nc_put_wch_pair(int y, int x, wchar_t ch, attr_t a, int pair) {
    cchar_t cc;
    wchar_t wc[2] = { ch, 0 };
    setcchar(&cc, wc, a, 0, &pair);
    return mvadd_wch(y, x, &cc);
}

/* glibc declares wcwidth only under _XOPEN_SOURCE, which is one of the flags SwiftPM drops. The screen needs it
   to keep scalars that are not one cell wide out of the grid. */
static inline int nc_wcwidth(wchar_t c) { extern int wcwidth(wchar_t); return wcwidth(c); }
