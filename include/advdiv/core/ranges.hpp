/// \file
/// The range concepts and accessors the library uses (std::ranges::range_value_t,
/// input_range, sized_range, contiguous_range, begin, size, data), without the views.
///
/// The standard declares them in <ranges>, but libstdc++'s <ranges> also defines every view
/// and adaptor: a third of a second of compile time in each translation unit that includes a
/// divergence. Its <bits/ranges_base.h> holds exactly what is used here (it is what <span>
/// and <iterator> include); other standard libraries get <ranges>.
#pragma once

#include <version>

#if defined(__GLIBCXX__)
#include <bits/ranges_base.h>
#else
#include <ranges>
#endif
