"""npu agent: GET /health/npu and GET /v1/devices (OpenVINO devices and torch's CPU build)."""
from agent_runtime import Request, Response, serve


def devices(_request: Request) -> Response:
    import openvino  # heavy: loaded on first use, not for /health
    import torch

    core = openvino.Core()
    return 200, {
        "openvino": openvino.get_version(),
        "devices": {name: core.get_property(name, "FULL_DEVICE_NAME") for name in core.available_devices},
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
    }


if __name__ == "__main__":
    serve("npu", {("GET", "/v1/devices"): devices})
