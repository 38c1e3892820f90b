/* Native driver for build.sh: prints what `run` returns, the independent reference for the
 * expected values recorded in the runner's case registry. */
#include <stdio.h>
#include <string.h>

#ifdef RESULT_F64
double run(void);
int main(void) {
  double r = run();
  unsigned long long bits;
  memcpy(&bits, &r, sizeof bits);
  printf("f64 0x%016llx (%.17g)\n", bits, r);
  return 0;
}
#else
int run(void);
int main(void) {
  printf("i32 %d\n", run());
  return 0;
}
#endif
