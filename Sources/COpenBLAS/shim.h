/* Debian's libopenblas-dev puts cblas.h behind an alternatives symlink in the multiarch folder. */
#include <cblas.h>
