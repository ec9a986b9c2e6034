// Integer counts passed to a divergence: one sentence that says floating point and from_counts.
// expect: the probability vectors must hold float, double or long double values\. For integer counts, normalise them on purpose with advdiv::from_counts
#include <advdiv/divergence/kl.hpp>

#include <vector>

double misuse() {
  std::vector<int> p{3, 1}, q{2, 2};
  return advdiv::kl(p, q);
}
