#pragma once
/// \file
/// std::ranges' range concepts and access objects (contiguous_range, sized_range,
/// range_value_t, ranges::data / size / begin / end) for the headers that need only those.
/// libstdc++ declares them in <span> (through its <bits/ranges_base.h>): a fifth of the CPU
/// time of <ranges> (0.07 s against 0.36 s at -O2 with GCC 12), which also brings the views and
/// the stream iterators. Other standard libraries get <ranges>. Internal.

#include <cstddef>  // defines __GLIBCXX__ under libstdc++

#if defined(__GLIBCXX__)
#include <span>
#else
#include <ranges>
#endif
