#pragma once
/// \file
/// Internal: a k-d tree (nanoflann) over a detail::point_cloud, built once per sample set and
/// shared, read-only, by every query and every thread of an estimator; plus the fixed-order
/// parallel loop the k-NN estimators run their queries in.
///
/// Distances are squared Euclidean, summed over the coordinates in index order by one function
/// (squared_euclidean::evalMetric), so a k-th neighbour distance and a count "within that
/// distance" computed by two searches compare exactly.

#include <advdiv/core/points.hpp>

#include <nanoflann.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <exception>
#include <limits>
#include <thread>
#include <type_traits>
#include <vector>

static_assert(NANOFLANN_VERSION >= 0x140 && NANOFLANN_VERSION < 0x150,
              "advdiv: the k-NN estimators use nanoflann 1.4's search internals (Debian's "
              "libnanoflann-dev 1.4.x)");

namespace advdiv::detail {

/// nanoflann's view of a point cloud: point i, coordinate k is data[i·dim + k].
struct point_cloud_source {
  const point_cloud* cloud;
  std::size_t kdtree_get_point_count() const noexcept { return cloud->count; }
  double kdtree_get_pt(std::size_t i, std::size_t k) const noexcept {
    return cloud->data[i * cloud->dim + k];
  }
  template <class Box>
  bool kdtree_get_bbox(Box&) const noexcept {
    return false;  // nanoflann computes the bounding box itself
  }
};

/// Squared Euclidean distance in nanoflann's metric interface; D > 0 fixes the dimension at
/// compile time (the coordinate loop unrolls), D = −1 reads it at run time.
template <int D>
struct squared_euclidean {
  using ElementType = double;
  using DistanceType = double;
  const point_cloud* cloud;
  explicit squared_euclidean(const point_cloud_source& s) noexcept : cloud(s.cloud) {}
  /// ‖a − point b‖², coordinates summed in index order.
  double evalMetric(const double* a, std::size_t b, std::size_t size) const noexcept {
    const std::size_t d = D > 0 ? std::size_t(D) : size;
    const double* p = cloud->data.data() + b * d;
    double s = 0.0;
    for (std::size_t k = 0; k < d; ++k) s += (a[k] - p[k]) * (a[k] - p[k]);
    return s;
  }
  /// One coordinate's contribution (used by the tree for its lower bounds).
  template <class U, class V>
  double accum_dist(U a, V b, std::size_t) const noexcept {
    const double t = double(a) - double(b);
    return t * t;
  }
};

/// The pruning bound of a search is its exact bound times this: nanoflann's lower bounds on a
/// node's distance are rounded (a few ulps) and could otherwise skip a node holding a point at
/// exactly the bound. The result sets compare candidates with the exact bound, so the slack only
/// makes the search visit a few more nodes; the results do not depend on the tree's shape.
inline constexpr double prune_slack = 1.0 + 0x1p-32;

/// The k smallest squared distances from a query, in ascending order (nanoflann's
/// KNNResultSet without the indices, which no estimator needs).
class knn_distances {
 public:
  explicit knn_distances(std::size_t k) : d_(k) {}
  /// Forgets the previous query.
  void reset() noexcept {
    count_ = 0;
    d_.back() = std::numeric_limits<double>::infinity();
  }
  /// Inserts one candidate if it is closer than the current k-th.
  bool addPoint(double dist, std::size_t) noexcept {
    if (!(dist < d_.back())) return true;
    std::size_t i = count_ < d_.size() ? count_ : d_.size() - 1;
    for (; i > 0 && d_[i - 1] > dist; --i) d_[i] = d_[i - 1];
    d_[i] = dist;
    if (count_ < d_.size()) ++count_;
    return true;
  }
  /// The pruning bound: the current k-th smallest (+inf until k candidates are in), with slack.
  double worstDist() const noexcept { return d_.back() * prune_slack; }
  /// The k-th smallest squared distance found.
  double kth() const noexcept { return d_.back(); }
  /// True once k candidates were seen.
  bool full() const noexcept { return count_ == d_.size(); }

 private:
  std::vector<double> d_;
  std::size_t count_ = 0;
};

/// Counts the points at squared distance ≤ r2 from a query (the closed ball) and keeps the
/// largest such squared distance.
class ball_count {
 public:
  /// The closed ball of squared radius r2 > 0.
  explicit ball_count(double r2) noexcept : r2_(r2) {}
  /// Counts the candidate if it is inside the ball.
  bool addPoint(double dist, std::size_t) noexcept {
    if (dist <= r2_) {
      ++count_;
      if (dist > largest_) largest_ = dist;
    }
    return true;
  }
  /// The pruning bound: r2 with slack.
  double worstDist() const noexcept { return r2_ * prune_slack; }
  /// Always true (a count has no capacity).
  bool full() const noexcept { return true; }
  /// Points in the ball.
  std::size_t count() const noexcept { return count_; }
  /// The largest squared distance in the ball (0 if empty).
  double largest() const noexcept { return largest_; }

 private:
  double r2_;
  std::size_t count_ = 0;
  double largest_ = 0.0;
};

/// A k-d tree over one point cloud. After the build the points are copied in the order of the
/// tree's leaves, so the points of a leaf are contiguous in memory and the searches read them
/// without indirection (the nodes hold only offsets and split values). Searches report
/// distances only. The tree is neither copied nor moved (nanoflann keeps a reference to its
/// source); it does not refer to the cloud it was built from. Queries are const and may run
/// from several threads at once, each with its own `query_buffer`.
template <int D>
class kd_tree {
  using index_type =
      nanoflann::KDTreeSingleIndexAdaptor<squared_euclidean<D>, point_cloud_source, D, std::size_t>;

 public:
  /// Per-thread scratch of a search (nanoflann's per-coordinate bound distances).
  using query_buffer = typename index_type::distance_vector_t;

  /// Builds the tree; leaf_size is nanoflann's largest leaf (a speed knob only: every
  /// distance a search returns is the same for every leaf size).
  kd_tree(const point_cloud& cloud, std::size_t leaf_size)
      : source_{&cloud},
        index_(static_cast<int>(cloud.dim), source_, nanoflann::KDTreeSingleIndexAdaptorParams(leaf_size)) {
    // Points in leaf order; the tree's index array becomes the identity on that copy.
    order_ = index_.vAcc;
    ordered_.dim = cloud.dim;
    ordered_.count = cloud.count;
    ordered_.max_abs = cloud.max_abs;
    ordered_.data.resize(cloud.data.size());
    for (std::size_t j = 0; j < cloud.count; ++j) {
      const double* p = cloud.point(order_[j]);
      std::copy(p, p + cloud.dim, ordered_.data.begin() + std::ptrdiff_t(j * cloud.dim));
      index_.vAcc[j] = j;
    }
    source_.cloud = &ordered_;
    index_.distance.cloud = &ordered_;
  }
  kd_tree(const kd_tree&) = delete;
  kd_tree& operator=(const kd_tree&) = delete;

  /// The dimension of the points.
  std::size_t dim() const noexcept { return ordered_.dim; }
  /// The number of points.
  std::size_t size() const noexcept { return ordered_.count; }
  /// Point j in leaf order (neighbouring j are close in space: the estimators query in this
  /// order for cache locality).
  const double* ordered_point(std::size_t j) const noexcept { return ordered_.point(j); }
  /// The index in the original cloud of point j in leaf order.
  std::size_t original_index(std::size_t j) const noexcept { return order_[j]; }
  /// A fresh scratch buffer for search().
  query_buffer make_buffer() const {
    query_buffer b{};
    nanoflann::resize(b, dim());
    return b;
  }

  /// Runs one exact search for query point q (dim() coordinates) into the result set.
  template <class Result>
  void search(Result& result, const double* q, query_buffer& buffer) const {
    nanoflann::assign(buffer, dim(), 0.0);
    const double start = index_.computeInitialDistances(index_, q, buffer);
    index_.searchLevel(result, q, index_.root_node, start, buffer, 1.0f);
  }

  /// The squared distance from q to its k-th nearest point of the cloud (q itself counts if
  /// it is in the cloud); `knn` has capacity k.
  double kth_squared_distance(const double* q, knn_distances& knn, query_buffer& buffer) const {
    knn.reset();
    search(knn, q, buffer);
    return knn.kth();
  }

 private:
  point_cloud_source source_;
  point_cloud ordered_;
  std::vector<std::size_t> order_;
  index_type index_;
};

/// Calls f(std::integral_constant<int, D>{}) with D = the dimension for d ≤ 3 (unrolled
/// distance loops) and D = −1 (run-time dimension) above.
template <class F>
decltype(auto) with_dimension(std::size_t d, F&& f) {
  switch (d) {
    case 1: return f(std::integral_constant<int, 1>{});
    case 2: return f(std::integral_constant<int, 2>{});
    case 3: return f(std::integral_constant<int, 3>{});
    default: return f(std::integral_constant<int, -1>{});
  }
}

/// Runs body(begin, end) on `threads` contiguous chunks of [0, count) (the calling thread takes
/// the first), joins them all and rethrows the first exception of the lowest chunk. Each chunk
/// writes only its own outputs, so the outputs do not depend on the thread count.
template <class Body>
void parallel_chunks(std::size_t count, std::size_t threads, Body&& body) {
  if (threads > count) threads = count;
  if (threads <= 1) {
    body(std::size_t(0), count);
    return;
  }
  std::vector<std::exception_ptr> errors(threads);
  auto run = [&](std::size_t t) {
    try {
      body(count * t / threads, count * (t + 1) / threads);
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  try {
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(run, t);
  } catch (...) {
    for (auto& th : pool) th.join();
    throw;  // a thread could not be started
  }
  run(0);
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace advdiv::detail
