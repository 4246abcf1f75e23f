#include "common/broker_rotation.hpp"

namespace nutmqtt::common {

bool broker_rotation::failed() {
  current_ = (current_ + 1) % size_;
  if (++tried_ < size_) return false;
  tried_ = 0;
  return true;
}

}  // namespace nutmqtt::common
