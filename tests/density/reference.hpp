#pragma once
// Reads the CSV files of tests/data/density (written by make_reference.py).

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace advdiv_test {

using csv_row = std::vector<std::string>;

/// The rows of a CSV file below ADVDIV_TEST_DATA_DIR/density, without the header.
inline std::vector<csv_row> read_csv(const std::string& name) {
  const std::string path = std::string(ADVDIV_TEST_DATA_DIR) + "/density/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<csv_row> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    csv_row row;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) row.push_back(cell);
    rows.push_back(row);
  }
  return rows;
}

inline double number(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

}  // namespace advdiv_test
