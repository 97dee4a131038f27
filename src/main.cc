#include "src/cli.h"

int main(int argc, char** argv) {
  return daxprop::cli_main(std::vector<std::string>(argv + 1, argv + argc));
}
