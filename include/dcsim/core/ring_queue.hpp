#pragma once
// A FIFO over a power-of-two ring that doubles when full: O(1) push and pop, contiguous
// storage, no allocation once it has reached its working size (unlike std::deque's blocks).
#include <cassert>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace dcsim {

template <class T>
class RingQueue {
  static_assert(std::is_trivially_copyable_v<T>, "RingQueue holds plain values");

 public:
  explicit RingQueue(std::size_t initial_capacity = 64) : slots_(round_up(initial_capacity)) {}

  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }

  void push(const T& value) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = value;
    ++size_;
  }
  [[nodiscard]] const T& front() const {
    assert(size_ > 0);
    return slots_[head_];
  }
  /// The element `i` places behind the front (0 = front).
  [[nodiscard]] T& operator[](std::size_t i) {
    assert(i < size_);
    return slots_[(head_ + i) & (slots_.size() - 1)];
  }
  [[nodiscard]] const T& operator[](std::size_t i) const {
    assert(i < size_);
    return slots_[(head_ + i) & (slots_.size() - 1)];
  }

  T pop() {
    assert(size_ > 0);
    const T value = slots_[head_];
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
    return value;
  }

 private:
  static std::size_t round_up(std::size_t n) {
    std::size_t p = 1;
    while (p < n) p <<= 1;
    return p;
  }
  void grow() {
    std::vector<T> bigger(slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
    slots_.swap(bigger);
    head_ = 0;
  }

  std::vector<T> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace dcsim
