#include "core/train/training_group.hpp"

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sstream>
#include <thread>

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "core/util/error.hpp"

namespace ivid::train {
namespace {

bool is_loopback(const std::string& host) {
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

// Where this rank's Gloo transport listens: loopback when the whole run is on this machine,
// else PyTorch's choice (GLOO_SOCKET_IFNAME, or the address this machine's hostname resolves to).
std::shared_ptr<::gloo::transport::Device> gloo_device(const std::string& master_addr) {
    if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"); interface && *interface)
        return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
    if (is_loopback(master_addr)) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

// The tensors as one contiguous buffer (what one collective call moves) and back.
at::Tensor flatten(const std::vector<at::Tensor>& tensors) {
    std::vector<at::Tensor> views;
    views.reserve(tensors.size());
    for (const auto& t : tensors) views.push_back(t.detach().reshape({-1}));
    return at::cat(views);
}
void unflatten(const at::Tensor& flat, const std::vector<at::Tensor>& tensors) {
    int64_t offset = 0;
    for (const auto& t : tensors) {
        t.detach().copy_(flat.narrow(0, offset, t.numel()).view_as(t));
        offset += t.numel();
    }
}

std::string rank_key(const char* kind, int rank) { return std::string("ivid/") + kind + "/" + std::to_string(rank); }
std::vector<uint8_t> to_bytes(const std::string& s) { return {s.begin(), s.end()}; }
std::string from_bytes(const std::vector<uint8_t>& b) { return {b.begin(), b.end()}; }

// A rank's sign of life: a counter in the store, bumped every `period` by a thread of its own
// (TCPStore serialises its calls). A rank that is stopped (SIGSTOP, a frozen machine) or dead
// stops bumping it even when it hangs inside the same collective as the others, where its
// published step cannot tell it apart from them.
class Heartbeat {
public:
    static constexpr std::chrono::milliseconds period{250};

    Heartbeat(c10::intrusive_ptr<c10d::Store> store, int rank) : store_(std::move(store)), key_(rank_key("alive", rank)) {
        thread_ = std::thread([this] { beat(); });
    }
    ~Heartbeat() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }

private:
    void beat() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (int64_t count = 0; !stopping_; ++count) {
            try {
                store_->set(key_, to_bytes(std::to_string(count)));
            } catch (const std::exception&) {
                return;  // the store is gone: the training thread finds out at its next collective
            }
            wake_.wait_for(lock, period, [this] { return stopping_; });
        }
    }

    c10::intrusive_ptr<c10d::Store> store_;
    std::string key_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace

struct TrainingGroup::Backend {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroup> group;
    c10::Device device = c10::kCPU;  // where collective buffers live (NCCL: the GPU)
    std::unique_ptr<Heartbeat> heartbeat;  // last member: stops before the store goes
};

TrainingGroup::TrainingGroup(const DistributedLaunch& launch, std::chrono::milliseconds timeout, bool cuda)
    : launch_(launch), backend_(std::make_unique<Backend>()) {
    const std::string where = launch.master_addr + ":" + std::to_string(launch.master_port);
    const std::string seconds = std::to_string(timeout.count() / 1000);
    c10d::TCPStoreOptions options;
    options.port = uint16_t(launch.master_port);
    options.isServer = launch.rank == 0;
    options.numWorkers = size_t(launch.world_size);
    options.waitWorkers = true;
    options.timeout = timeout;
    try {
        backend_->store = c10::make_intrusive<c10d::TCPStore>(launch.master_addr, options);
    } catch (const std::exception& e) {
        if (launch.rank == 0)
            throw Error("rank 0: the rendezvous at " + where + " could not be opened, or not every one of the " +
                        std::to_string(launch.world_size) + " ranks joined within " + seconds +
                        " s (is another run using the port? choose another with --master-port or MASTER_PORT): " + e.what());
        throw Error("rank " + std::to_string(launch.rank) + ": could not join the rendezvous at " + where + " within " +
                    seconds + " s (is rank 0 running, and the address reachable from this node?): " + e.what());
    }
    const auto group_store = c10::make_intrusive<c10d::PrefixStore>("pg", backend_->store);
    try {
        if (cuda) {
#ifdef USE_C10D_NCCL
            auto nccl = c10d::ProcessGroupNCCL::Options::create();
            nccl->timeout = timeout;
            backend_->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(group_store, launch.rank, launch.world_size, nccl);
            backend_->device = c10::Device(c10::kCUDA, int8_t(launch.local_rank));
#else
            throw Error("this LibTorch was built without NCCL: data-parallel training on CUDA devices needs a CUDA build "
                        "of LibTorch (train on --device cpu to use Gloo)");
#endif
        } else {
            auto gloo = c10d::ProcessGroupGloo::Options::create(timeout);
            gloo->devices.push_back(gloo_device(launch.master_addr));
            backend_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(group_store, launch.rank, launch.world_size, gloo);
        }
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error("rank " + std::to_string(launch.rank) + ": could not connect to the other ranks (rendezvous " + where +
                    "): " + e.what());
    }
    backend_->heartbeat = std::make_unique<Heartbeat>(backend_->store, launch.rank);
}

TrainingGroup::~TrainingGroup() = default;

void TrainingGroup::publish_step(int64_t step) {
    try {
        backend_->store->set(rank_key("step", rank()), to_bytes(std::to_string(step)));
    } catch (const std::exception& e) {
        fail("publishing its progress", step, e);
    }
}

void TrainingGroup::report_failure(const std::string& message) noexcept {
    try {
        backend_->store->set(rank_key("failed", rank()), to_bytes(message));
    } catch (...) {  // the store is gone too: the others find out from the closed connections
    }
}

std::vector<std::string> TrainingGroup::reported_failures() {
    std::vector<std::string> failed;
    for (int r = 0; r < size(); ++r)
        if (r != rank() && backend_->store->check({rank_key("failed", r)}))
            failed.push_back("rank " + std::to_string(r) + " stopped: " + from_bytes(backend_->store->get(rank_key("failed", r))));
    return failed;
}

std::vector<std::string> TrainingGroup::unresponsive_or_behind(int64_t step) {
    auto& store = *backend_->store;
    const auto heartbeats = [&] {
        std::vector<std::string> beats(static_cast<size_t>(size()));
        for (int r = 0; r < size(); ++r)
            if (r != rank() && store.check({rank_key("alive", r)})) beats[size_t(r)] = from_bytes(store.get(rank_key("alive", r)));
        return beats;
    };
    // A live rank bumps its counter several times in this window, even on a loaded machine.
    const auto before = heartbeats();
    std::this_thread::sleep_for(12 * Heartbeat::period);
    const auto after = heartbeats();
    std::vector<std::string> findings;
    for (int r = 0; r < size(); ++r) {
        if (r == rank()) continue;
        const std::string at = store.check({rank_key("step", r)}) ? from_bytes(store.get(rank_key("step", r))) : "";
        const std::string where = at.empty() ? "before its first step" : "at step " + at;
        if (before[size_t(r)] == after[size_t(r)])
            findings.push_back("rank " + std::to_string(r) + " stopped responding " + where + " (killed, hung, or its machine is gone)");
        else if (at.empty() || std::stoll(at) < step)
            findings.push_back("rank " + std::to_string(r) + " is alive but still " + where + " (far slower than the others)");
    }
    return findings;
}

std::string TrainingGroup::why_others_stopped(int64_t step) {
    std::vector<std::string> findings;
    try {
        backend_->store->setTimeout(std::chrono::seconds(5));
        findings = reported_failures();
        if (findings.empty()) findings = unresponsive_or_behind(step);
    } catch (const std::exception&) {
        return rank() == 0 ? std::string("the other ranks are unreachable")
                           : "rank 0, which hosts the rendezvous store at " + launch_.master_addr + ":" +
                                 std::to_string(launch_.master_port) + ", stopped or died (its own output says why)";
    }
    if (findings.empty()) return "every rank is alive and at this step: the network between them failed";
    std::ostringstream out;
    for (size_t i = 0; i < findings.size() && i < 8; ++i) out << (i ? "; " : "") << findings[i];
    if (findings.size() > 8) out << "; and " << findings.size() - 8 << " more";
    return out.str();
}

void TrainingGroup::fail(const std::string& what, int64_t step, const std::exception& cause) {
    throw Error("rank " + std::to_string(rank()) + ": " + what + " at step " + std::to_string(step) +
                " failed: " + why_others_stopped(step) + " [" + cause.what() + "]");
}

void TrainingGroup::broadcast(std::vector<at::Tensor> tensors, const std::string& what) {
    at::NoGradGuard no_grad;
    std::vector<at::Tensor> flat{flatten(tensors).to(backend_->device)};
    try {
        backend_->group->broadcast(flat)->wait();
    } catch (const std::exception& e) {
        fail("sharing " + what + " from rank 0", 0, e);
    }
    unflatten(flat.front().to(tensors.front().device()), tensors);
}

std::string TrainingGroup::broadcast_bytes(const std::string& bytes, const std::string& what) {
    at::Tensor size = at::full({1}, int64_t(bytes.size()), at::kLong);
    broadcast({size}, what);
    at::Tensor data = at::empty({size.item<int64_t>()}, at::kByte);
    if (leader()) std::memcpy(data.data_ptr<uint8_t>(), bytes.data(), bytes.size());
    if (data.numel() > 0) broadcast({data}, what);
    return {reinterpret_cast<const char*>(data.data_ptr<uint8_t>()), size_t(data.numel())};
}

std::vector<double> TrainingGroup::sum(const std::vector<double>& values, int64_t step) {
    publish_step(step);
    std::vector<at::Tensor> t{at::tensor(values, at::kDouble).to(backend_->device)};
    try {
        backend_->group->allreduce(t)->wait();
    } catch (const std::exception& e) {
        fail("agreeing on the step's loss and stop requests", step, e);
    }
    const at::Tensor total = t.front().cpu();
    return {total.data_ptr<double>(), total.data_ptr<double>() + total.numel()};
}

void TrainingGroup::average_gradients(const std::vector<at::Tensor>& params, int64_t step) {
    at::NoGradGuard no_grad;
    std::vector<std::vector<at::Tensor>> buckets(1);
    int64_t bytes = 0;
    for (const auto& p : params) {
        at::Tensor& grad = const_cast<at::Tensor&>(p).mutable_grad();
        if (!grad.defined()) grad = at::zeros_like(p);
        const int64_t size = grad.numel() * int64_t(grad.element_size());
        if (bytes > 0 && bytes + size > bucket_bytes) {
            buckets.emplace_back();
            bytes = 0;
        }
        buckets.back().push_back(grad);
        bytes += size;
    }
    std::vector<std::vector<at::Tensor>> flats;
    std::vector<c10::intrusive_ptr<c10d::Work>> pending;
    try {
        for (const auto& bucket : buckets) {
            flats.push_back({flatten(bucket)});
            pending.push_back(backend_->group->allreduce(flats.back()));
        }
        for (auto& work : pending) work->wait();
    } catch (const std::exception& e) {
        fail("averaging gradients", step, e);
    }
    for (size_t i = 0; i < buckets.size(); ++i) unflatten(flats[i].front().div_(double(size())), buckets[i]);
}

void TrainingGroup::check_same_weights(const std::vector<at::Tensor>& params, int64_t step) {
    at::NoGradGuard no_grad;
    // Sums of the float32 bit patterns, plain and position-weighted, in wrapping int64: exact
    // and independent of summation order, so equal weights give equal sums on any thread count.
    at::Tensor plain = at::zeros({}, at::kLong), weighted = at::zeros({}, at::kLong);
    for (const auto& p : params) {
        const at::Tensor bits = p.detach().to(at::kFloat).contiguous().cpu().view(at::kInt).reshape({-1}).to(at::kLong);
        plain += bits.sum();
        weighted += (bits * at::arange(1, bits.numel() + 1, at::kLong)).sum();
    }
    std::vector<at::Tensor> mine{at::stack({plain, weighted}).to(backend_->device)};
    std::vector<std::vector<at::Tensor>> all(1);
    for (int r = 0; r < size(); ++r) all[0].push_back(at::empty_like(mine.front()));
    try {
        backend_->group->allgather(all, mine)->wait();
    } catch (const std::exception& e) {
        fail("comparing the ranks' weights", step, e);
    }
    std::string differing;
    for (int r = 1; r < size(); ++r)
        if (!at::equal(all[0][size_t(r)].cpu(), all[0][0].cpu())) differing += (differing.empty() ? "" : ", ") + std::to_string(r);
    if (!differing.empty())
        throw Error("rank " + std::to_string(rank()) + ": at step " + std::to_string(step) + " the weights of rank(s) " +
                    differing + " differ from rank 0's: the ranks diverged (different LibTorch builds or CPU kernels "
                    "per node?); training stops, the last checkpoint is intact");
}

void TrainingGroup::barrier(int64_t step) {
    publish_step(step);
    try {
        backend_->group->barrier()->wait();
    } catch (const std::exception& e) {
        fail("waiting for the other ranks", step, e);
    }
}

}  // namespace ivid::train
