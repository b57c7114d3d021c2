// The text of themes/dark.theme, compiled in so the workbench has colours when no theme file is found.
// A test checks that it matches the file.
let builtinThemeText = #"""
# SwiftHealth dark theme: light text on the terminal's dark background.
#
# [palette] names colours:  name = #rrggbb  INDEX256  INDEX16
# The 256-colour index is used on 256-colour terminals, the 16-colour index on the rest.
# [roles] gives each style role a foreground and an optional background:  role = FOREGROUND [on BACKGROUND]
# "default" is the terminal's own colour.

[palette]
text        = #d0d0d0  252  7
dim         = #808080  244  8
bright      = #ffffff  231  15
panel       = #262626  235  0
highlight   = #005f87  24   4
cyan        = #5fd7ff  81   14
blue        = #5f87ff  69   12
green       = #87d75f  113  10
red         = #ff5f5f  203  9
yellow      = #ffd75f  221  11
magenta     = #d787ff  177  13

[roles]
normal          = text
muted           = dim
title           = bright
border          = dim
borderFocused   = cyan
header          = yellow
selection       = bright on highlight
accent          = cyan
positive        = green
negative        = red
warning         = yellow
chartLine       = cyan
chartSecondary  = magenta
statusBar       = text on panel
input           = bright on panel
"""#
