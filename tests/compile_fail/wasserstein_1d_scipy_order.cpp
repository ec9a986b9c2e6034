// SciPy's wasserstein_distance(u, v, u_weights, v_weights) order must not compile silently.
// expect: pass weighted samples as wasserstein_1d\(advdiv::weighted\(x, wx\)
#include <advdiv/transport/wasserstein_1d.hpp>

#include <vector>

double misuse() {
  std::vector<double> u{0, 1}, v{2, 3}, uw{1, 1}, vw{1, 2};
  return advdiv::wasserstein_1d(u, v, uw, vw);
}
