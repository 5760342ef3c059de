// The native limit for leakwatch's writer benchmark: the same work as bench/writer-fps.mjs
// (N frames of W×H, one solid BGR frame, MJPG or XVID into .avi) straight against OpenCV.
// Prints one line: frames per second.
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: writer_fps <file.avi> <MJPG|XVID> <frames> <width> <height>\n");
    return 2;
  }
  const std::string codec = argv[2];
  const int frames = std::atoi(argv[3]), width = std::atoi(argv[4]), height = std::atoi(argv[5]);
  cv::Mat frame(height, width, CV_8UC3, cv::Scalar(120, 120, 120));
  const auto start = std::chrono::steady_clock::now();
  cv::VideoWriter writer(argv[1], cv::VideoWriter::fourcc(codec[0], codec[1], codec[2], codec[3]), 30, cv::Size(width, height), true);
  if (!writer.isOpened()) return 1;
  for (int i = 0; i < frames; i++) writer.write(frame);
  writer.release();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.2f\n", frames / seconds);
  return 0;
}
