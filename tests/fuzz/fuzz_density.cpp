// libFuzzer harness: divergences between the 1-D densities (normal, laplace, logistic,
// uniform, exponential, two-component normal mixture) by quadrature and closed form, with
// parameters from raw bytes.
//
// Input layout (reads past the end give 0):
//   byte 0  kind of p (bits 0-2, mod 6), bit 3: raw parameters (else a moderate grid)
//   byte 1  kind of q likewise
//   byte 2  the divergence (mod 9), bit 4: closed forms off, bit 5: log base 2
//   byte 3  α of the α-divergence (a table)
//   then    the parameters (two per density; mixtures: weight, then two normals).
//
// Contract asserted (a violation is a finding, abort()):
//   * a bad parameter throws std::domain_error "advdiv::<distribution>: ..." (or
//     "advdiv::mixture: ..."); good parameters never throw; a divergence between valid
//     densities never throws, except the documented refusal of a quadrature over a density
//     whose width is outside what it resolves (detail::resolved_width: a width in
//     [2^-1000, 2^1000] and at least 2^-16 of |location|), checked here from the parameters;
//   * total_variation, squared_hellinger, pearson_chi2, alpha_divergence and a user's generator
//     that declares no logarithmic unit refuse log base 2 with std::invalid_argument
//     "<function>: log_base = 2 is not e (<measure> has no logarithmic unit)" (P2); kl,
//     reverse_kl, js, jeffreys and a user's generator declaring logarithmic_unit take it;
//   * value and error estimate are never NaN, error ≥ 0; kl, reverse_kl, χ², α ≥ −error;
//     js ∈ [0, log 2], total_variation ∈ [0, 1], squared_hellinger ∈ [0, 2] (± error);
//     js, total_variation and squared_hellinger are symmetric within the error estimates;
//   * where a closed form exists, the quadrature (closed forms off) agrees with it within
//     its own error estimate (+1e-8 relative): the estimate must bound the error;
//   * between two normals (moderate parameters) the value matches truths written here from
//     the textbook formulas: KL, Pearson χ² (finite iff 2σ_q² > σ_p²), TV for equal σ —
//     through the built-in entry points and through a user's generator that has only f
//     and slope_at_infinity (the documented "write your own" path).
#include "fuzz_common.hpp"

#include <advdiv/density.hpp>

#include <numbers>
#include <variant>

namespace {

using density = std::variant<advdiv::normal, advdiv::laplace, advdiv::logistic, advdiv::uniform,
                             advdiv::exponential, advdiv::mixture<advdiv::normal>>;
const char* const kind_names[] = {"advdiv::normal", "advdiv::laplace", "advdiv::logistic",
                                  "advdiv::uniform", "advdiv::exponential", "advdiv::mixture"};

/// A user's own Pearson χ² generator: only f and slope_at_infinity, as the docs show.
struct user_pearson {
  double f(double u) const { return (u - 1) * (u - 1); }
  double slope_at_infinity() const { return std::numeric_limits<double>::infinity(); }
};
/// A user's own KL generator, in nats: it declares its logarithmic unit, so a log base applies.
struct user_kl {
  static constexpr bool logarithmic_unit = true;
  double f(double u) const { return u > 0 ? u * std::log(u) : 0.0; }
  double slope_at_infinity() const { return std::numeric_limits<double>::infinity(); }
};

struct parameters {
  double a, b;
};

double moderate_location(fuzz::byte_reader& r) { return (double(r.u8()) - 128.0) / 16.0; }
double moderate_scale(fuzz::byte_reader& r) { return std::exp2((double(r.u8()) - 128.0) / 32.0); }

/// Builds a density; nullopt when the constructor threw (as it must for bad parameters).
std::optional<density> make(int kind, bool raw, fuzz::byte_reader& r) {
  const char* fn = kind_names[kind];
  std::optional<density> out;
  bool bad = false;
  fuzz::outcome o = fuzz::outcome::value;
  switch (kind) {
    case 0:
    case 1:
    case 2: {
      const double mu = raw ? r.value() : moderate_location(r), s = raw ? r.value() : moderate_scale(r);
      bad = !std::isfinite(mu) || !(s > 0 && std::isfinite(s));
      o = fuzz::call(fn, [&] {
        if (kind == 0) out = advdiv::normal{mu, s};
        if (kind == 1) out = advdiv::laplace{mu, s};
        if (kind == 2) out = advdiv::logistic{mu, s};
      });
      break;
    }
    case 3: {
      const double lo = raw ? r.value() : moderate_location(r);
      const double hi = raw ? r.value() : lo + moderate_scale(r);
      bad = !std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo);
      o = fuzz::call(fn, [&] { out = advdiv::uniform{lo, hi}; });
      break;
    }
    case 4: {
      const double lambda = raw ? r.value() : moderate_scale(r);
      bad = !(lambda > 0 && std::isfinite(lambda));
      o = fuzz::call(fn, [&] { out = advdiv::exponential{lambda}; });
      break;
    }
    default: {
      const double w = raw ? r.value() : double(r.u8()) / 255.0;
      const double w2 = (r.u8() & 1) ? 1.0 - w : r.value();
      const double m1 = raw ? r.value() : moderate_location(r), s1 = raw ? r.value() : moderate_scale(r);
      const double m2 = raw ? r.value() : moderate_location(r), s2 = raw ? r.value() : moderate_scale(r);
      std::optional<advdiv::normal> c1, c2;
      try {
        c1 = advdiv::normal{m1, s1};
        c2 = advdiv::normal{m2, s2};
      } catch (const std::domain_error&) {
        return std::nullopt;  // the normal's own contract is checked with kind 0
      }
      const long double sum = static_cast<long double>(w) + w2;
      bad = !(w >= 0 && std::isfinite(w) && w2 >= 0 && std::isfinite(w2));
      bool undecided = false;
      if (!bad) {
        const long double off = std::fabs(sum - 1);
        if (std::fabs(off - 1e-9L) < 1e-15L) undecided = true;
        else bad = off > 1e-9L;
      }
      o = fuzz::call(fn, [&] {
        out = advdiv::mixture<advdiv::normal>{std::vector<double>{w, w2}, std::vector<advdiv::normal>{*c1, *c2}};
      });
      if (undecided) return out;
      break;
    }
  }
  if (o == fuzz::outcome::value && bad) fuzz::finding(fn, "accepted invalid parameters");
  if (o != fuzz::outcome::value && !bad) fuzz::finding(fn, "rejected valid parameters: " + fuzz::last_message);
  if (o == fuzz::outcome::invalid_argument) fuzz::finding(fn, "bad parameter as invalid_argument");
  return out;
}

std::string describe(const density& d) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, advdiv::normal>) return "normal{" + fuzz::num(x.mu()) + ", " + fuzz::num(x.sigma()) + "}";
        else if constexpr (std::is_same_v<T, advdiv::laplace>) return "laplace{" + fuzz::num(x.mu()) + ", " + fuzz::num(x.b()) + "}";
        else if constexpr (std::is_same_v<T, advdiv::logistic>) return "logistic{" + fuzz::num(x.mu()) + ", " + fuzz::num(x.s()) + "}";
        else if constexpr (std::is_same_v<T, advdiv::uniform>) return "uniform{" + fuzz::num(x.a()) + ", " + fuzz::num(x.b()) + "}";
        else if constexpr (std::is_same_v<T, advdiv::exponential>) return "exponential{" + fuzz::num(x.lambda()) + "}";
        else {
          std::string s = "mixture{";
          for (std::size_t i = 0; i < x.size(); ++i)
            s += (i ? ", {" : "{") + fuzz::num(x.weights()[i]) + ", normal{" + fuzz::num(x.components()[i].mu()) + ", " +
                 fuzz::num(x.components()[i].sigma()) + "}}";
          return s + "}";
        }
      },
      d);
}

enum which { kl, reverse_kl, js, tv, hellinger, jeffreys, pearson, alpha, user_generators, count };
const char* const names[] = {"advdiv::kl", "advdiv::reverse_kl", "advdiv::js", "advdiv::total_variation",
                             "advdiv::squared_hellinger", "advdiv::jeffreys", "advdiv::pearson_chi2",
                             "advdiv::alpha_divergence", "advdiv::f_divergence"};
/// The measures without a logarithmic unit (the name their refusal of a log base gives them).
const char* const unitless[] = {nullptr, nullptr, nullptr, "total variation", "squared Hellinger", nullptr,
                                "Pearson chi2", "the alpha divergence", "the generator"};

template <class P, class Q>
advdiv::density_result evaluate(int w, const P& p, const Q& q, double a, const advdiv::density_options& o) {
  switch (w) {
    case kl: return advdiv::kl(p, q, o);
    case reverse_kl: return advdiv::reverse_kl(p, q, o);
    case js: return advdiv::js(p, q, o);
    case tv: return advdiv::total_variation(p, q, o);
    case hellinger: return advdiv::squared_hellinger(p, q, o);
    case jeffreys: return advdiv::jeffreys(p, q, o);
    case pearson: return advdiv::pearson_chi2(p, q, o);
    case alpha: return advdiv::alpha_divergence(p, q, a, o);
    default: return advdiv::f_divergence(p, q, user_pearson{}, o);
  }
}

/// Whether a quadrature may refuse the density (the documented range of widths, restated
/// from docs/reliability.md rather than taken from the library).
bool width_resolved(double location, double width) {
  return width >= 0x1p-1000 && width <= 0x1p1000 && width >= 0x1p-16 * std::fabs(location);
}
bool resolvable(const density& d) {
  return std::visit(
      [](const auto& x) -> bool {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, advdiv::normal>) return width_resolved(x.mu(), x.sigma());
        else if constexpr (std::is_same_v<T, advdiv::laplace>) return width_resolved(x.mu(), x.b());
        else if constexpr (std::is_same_v<T, advdiv::logistic>) return width_resolved(x.mu(), x.s());
        else if constexpr (std::is_same_v<T, advdiv::uniform>) return width_resolved(x.a() / 2 + x.b() / 2, x.b() - x.a());
        else if constexpr (std::is_same_v<T, advdiv::exponential>) return width_resolved(0, 1 / x.lambda());
        else {
          for (const auto& c : x.components())
            if (!width_resolved(c.mu(), c.sigma())) return false;
          return true;
        }
      },
      d);
}
/// |1 − total mass|: 0 but for a mixture, whose weights need sum to 1 only within 1e-9.
double mass_defect(const density& d) {
  if (const auto* m = std::get_if<advdiv::mixture<advdiv::normal>>(&d)) {
    long double s = 0;
    for (const double w : m->weights()) s += w;
    return static_cast<double>(std::fabs(1 - s));
  }
  return 0.0;
}
bool refusal_allowed = false;  // set per input: some density is beyond the quadrature's widths

/// Runs one divergence; a throw between valid densities is a finding, but for the documented
/// refusal of a width the quadrature does not resolve (then nullopt).
template <class P, class Q>
std::optional<advdiv::density_result> run(int w, const P& p, const Q& q, double a, const advdiv::density_options& o) {
  advdiv::density_result d;
  const fuzz::outcome out = fuzz::call(names[w], [&] { d = evaluate(w, p, q, a, o); });
  if (unitless[w] && o.log_base != std::numbers::e) {  // refused before anything else is looked at
    const std::string want = std::string(names[w]) + ": log_base = 2 is not e (" + unitless[w] +
                             " has no logarithmic unit)";
    if (out != fuzz::outcome::invalid_argument || fuzz::last_message != want)
      fuzz::finding(names[w], out == fuzz::outcome::value ? "accepted log base 2 for a measure without a unit"
                                                            : "refused log base 2 with: " + fuzz::last_message);
    return std::nullopt;
  }
  if (out == fuzz::outcome::domain_error && refusal_allowed &&
      fuzz::last_message.find("is not a width the quadrature resolves") != std::string::npos)
    return std::nullopt;
  if (out != fuzz::outcome::value) fuzz::finding(names[w], "threw on valid densities: " + fuzz::last_message);
  if (std::isnan(d.value) || std::isnan(d.error))
    fuzz::finding(names[w], "NaN (value " + fuzz::num(d.value) + ", error " + fuzz::num(d.error) + ")");
  if (d.error < 0) fuzz::finding(names[w], "negative error estimate");
  return d;
}

/// Truths between two normals, from the textbook formulas (nats).
struct normal_truth {
  double kl, pearson, tv_equal_sigma;
};
normal_truth truth(const advdiv::normal& p, const advdiv::normal& q) {
  const double m1 = p.mu(), s1 = p.sigma(), m2 = q.mu(), s2 = q.sigma(), d = m1 - m2;
  normal_truth t;
  t.kl = std::log(s2 / s1) + (s1 * s1 + d * d) / (2 * s2 * s2) - 0.5;
  const double den = 2 * s2 * s2 - s1 * s1;
  t.pearson = den > 0 ? s2 * s2 / (s1 * std::sqrt(den)) * std::exp(d * d / den) - 1
                      : std::numeric_limits<double>::infinity();
  t.tv_equal_sigma = s1 == s2 ? std::erf(std::fabs(d) / (2 * std::sqrt(2.0) * s1)) : std::nan("");
  return t;
}

void agree(const std::string& what, const advdiv::density_result& got, double want, double rel = 1e-8) {
  if (std::isnan(want)) return;
  if (std::isinf(want) || std::isinf(got.value)) {
    // A user's generator evaluated beyond the range of its f gives a lower bound with error
    // +inf (documented: f_divergence, "a bound, never a silent guess"): consistent with +inf.
    const bool bound = want > 0 && std::isinf(got.error) && got.value <= want;
    if (got.value != want && !(std::isinf(want) && got.value > 1e300) && !bound)
      fuzz::finding(what, "value " + fuzz::num(got.value) + ", truth " + fuzz::num(want));
    return;
  }
  if (std::fabs(got.value - want) > got.error + rel * (1 + std::fabs(want)))
    fuzz::finding(what, "value " + fuzz::num(got.value) + " ± " + fuzz::num(got.error) + ", truth " +
                            fuzz::num(want) + ": the error estimate does not bound the error");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::byte_reader r(data, size);
  const std::uint8_t bp = r.u8(), bq = r.u8(), bf = r.u8(), ba = r.u8();
  static const double alphas[] = {0.5, 2.0, -1.0, 3.0, 0.25, 1.5, -0.5, 0.9};
  const double a = alphas[ba & 7];
  const auto p = make(bp % 8 % 6, (bp & 8) != 0, r);
  const auto q = make(bq % 8 % 6, (bq & 8) != 0, r);
  if (!p || !q) return 0;
  const int w = bf % count;
  advdiv::density_options o;
  if (bf & 32) o.log_base = 2.0;
  if (bf & 16) o.closed_form = false;
  const double scale = 1 / std::log(o.log_base);
  const bool moderate = !(bp & 8) && !(bq & 8);
  refusal_allowed = !resolvable(*p) || !resolvable(*q);
  fuzz::note = std::string(names[w]) + (w == alpha ? " (alpha " + fuzz::num(a) + ")" : "") + " of " + describe(*p) +
               " and " + describe(*q) + (o.closed_form ? "" : ", closed forms off") + (bf & 32 ? ", log base 2" : "");

  // Pairs of one family, and every family against a normal (either side): 16 of the 36
  // pairs, which keeps the harness's compile time (every pair instantiates every
  // divergence's quadrature) near a minute.
  if (p->index() != q->index() && p->index() != 0 && q->index() != 0) return 0;
  std::visit(
      [&](const auto& P, const auto& Q) {
        using PT0 = std::decay_t<decltype(P)>;
        using QT0 = std::decay_t<decltype(Q)>;
        if constexpr (!std::is_same_v<PT0, QT0> && !std::is_same_v<PT0, advdiv::normal> &&
                      !std::is_same_v<QT0, advdiv::normal>) {
          return;
        } else {
        const auto dd = run(w, P, Q, a, o);
        if (!dd) return;
        const advdiv::density_result& d = *dd;
        // A mixture's weights may sum to 1 within 1e-9 (documented, not normalised): a total
        // mass m moves every bound by O(|1 − m|) (KL(m·N‖N) = m log m ≈ −(1 − m); P9).
        const double defect = 2 * (mass_defect(*p) + mass_defect(*q));
        const double slack = d.error + 1e-9 * (1 + std::fabs(d.value)) + defect;
        // A result in the options' unit (the unitless measures refused any base but e above).
        const double lo = 0, hi = w == js ? std::log(2.0) * scale : w == tv ? 1.0 : w == hellinger ? 2.0 : INFINITY;
        if (d.value < lo - slack || d.value > hi + slack)
          fuzz::finding(names[w], "value " + fuzz::num(d.value) + " ± " + fuzz::num(d.error) + " outside [" +
                                      fuzz::num(lo) + ", " + fuzz::num(hi) + "]");
        if (w == js || w == tv || w == hellinger) {
          const auto bb = run(w, Q, P, a, o);
          if (!bb) return;
          const advdiv::density_result& back = *bb;
          if (std::fabs(back.value - d.value) > d.error + back.error + 1e-8 * (1 + std::fabs(d.value)))
            fuzz::finding(names[w], "not symmetric: " + fuzz::num(d.value) + " ± " + fuzz::num(d.error) + " and " +
                                        fuzz::num(back.value) + " ± " + fuzz::num(back.error));
        }
        if (o.closed_form) {  // closed form (where one exists) against the quadrature
          advdiv::density_options quad = o;
          quad.closed_form = false;
          const auto qq = run(w, P, Q, a, quad);
          if (!qq) return;
          const advdiv::density_result& qd = *qq;
          if (d.closed_form && std::isfinite(d.value) && std::isfinite(qd.value) &&
              std::fabs(qd.value - d.value) > qd.error + 1e-8 * (1 + std::fabs(d.value)))
            fuzz::finding(names[w], "quadrature " + fuzz::num(qd.value) + " ± " + fuzz::num(qd.error) +
                                        ", closed form " + fuzz::num(d.value) +
                                        ": the error estimate does not bound the error");
        }
        using PT = std::decay_t<decltype(P)>;
        using QT = std::decay_t<decltype(Q)>;
        if constexpr (std::is_same_v<PT, advdiv::normal> && std::is_same_v<QT, advdiv::normal>) {
          if (!moderate) return;
          const normal_truth t = truth(P, Q);
          if (w == kl) agree("advdiv::kl (normals)", d, t.kl * scale);
          if (w == pearson) agree("advdiv::pearson_chi2 (normals)", d, t.pearson, 1e-7);
          if (w == tv) agree("advdiv::total_variation (normals, equal sigma)", d, t.tv_equal_sigma);
          if (w == user_generators) {
            agree("advdiv::f_divergence (user Pearson generator, normals)", d, t.pearson, 1e-7);
            advdiv::density_result k;
            const fuzz::outcome out =
                fuzz::call("advdiv::f_divergence", [&] { k = advdiv::f_divergence(P, Q, user_kl{}, o); });
            if (out != fuzz::outcome::value) fuzz::finding("advdiv::f_divergence", "threw: " + fuzz::last_message);
            agree("advdiv::f_divergence (user KL generator, normals)", k, t.kl * scale);
          }
        }
        }
      },
      *p, *q);
  return 0;
}
