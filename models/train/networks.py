"""pix2pix networks (Isola et al. 2017, CVPR), sized for a 2-core CPU.

Generator: U-Net with 4 stride-2 levels (input H, W must be multiples of 16), 4x4 convolutions as in pix2pix,
BatchNorm (exported in eval mode: fixed statistics, so crops at training and whole slices at inference see the same
normalisation), skip connections, and a final 3x3 convolution over [decoder features, MR input] then tanh.
Discriminator: 70x70 PatchGAN (C64-C128-C256-C512 layout, widths scaled by ndf/64), conditioned on the MR.
"""
import torch
from torch import nn


def _down(cin, cout, norm=True):
    layers = [nn.Conv2d(cin, cout, 4, 2, 1, bias=not norm)]
    if norm:
        layers.append(nn.BatchNorm2d(cout))
    layers.append(nn.LeakyReLU(0.2, inplace=True))
    return nn.Sequential(*layers)


def _up(cin, cout):
    return nn.Sequential(
        nn.ConvTranspose2d(cin, cout, 4, 2, 1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class UNetGenerator(nn.Module):
    """MR (N, C, H, W) normalised to about [-1, 1] -> CT (N, 1, H, W) in [-1, 1] (tanh)."""

    def __init__(self, in_channels=3, nf=16):
        super().__init__()
        self.e1 = _down(in_channels, nf, norm=False)  # H/2
        self.e2 = _down(nf, 2 * nf)  # H/4
        self.e3 = _down(2 * nf, 4 * nf)  # H/8
        self.e4 = _down(4 * nf, 8 * nf)  # H/16 (bottleneck)
        self.d4 = _up(8 * nf, 4 * nf)  # H/8, concat e3 -> 8nf
        self.d3 = _up(8 * nf, 2 * nf)  # H/4, concat e2 -> 4nf
        self.d2 = _up(4 * nf, nf)  # H/2, concat e1 -> 2nf
        self.d1 = _up(2 * nf, nf)  # H, concat input -> nf + C
        self.head = nn.Conv2d(nf + in_channels, 1, 3, 1, 1)

    def forward(self, x):
        e1 = self.e1(x)
        e2 = self.e2(e1)
        e3 = self.e3(e2)
        e4 = self.e4(e3)
        d = torch.cat([self.d4(e4), e3], 1)
        d = torch.cat([self.d3(d), e2], 1)
        d = torch.cat([self.d2(d), e1], 1)
        d = torch.cat([self.d1(d), x], 1)
        return torch.tanh(self.head(d))


class PatchDiscriminator(nn.Module):
    """70x70 PatchGAN on [MR channels, CT]: a map of real/fake logits, one per 70x70 receptive field."""

    def __init__(self, in_channels=4, ndf=16):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(in_channels, ndf, 4, 2, 1),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, 2 * ndf, 4, 2, 1, bias=False),
            nn.BatchNorm2d(2 * ndf),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(2 * ndf, 4 * ndf, 4, 2, 1, bias=False),
            nn.BatchNorm2d(4 * ndf),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(4 * ndf, 8 * ndf, 4, 1, 1, bias=False),
            nn.BatchNorm2d(8 * ndf),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(8 * ndf, 1, 4, 1, 1),
        )

    def forward(self, mr, ct):
        return self.net(torch.cat([mr, ct], 1))


def init_weights(module):
    """pix2pix initialisation: conv weights N(0, 0.02), BatchNorm gamma N(1, 0.02), beta 0."""
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(module.weight, 0.0, 0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, nn.BatchNorm2d):
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)
